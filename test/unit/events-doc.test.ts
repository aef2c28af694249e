// docs/events.md is generated from the zod schemas and the real event code; it must not go stale.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventTypes } from '../../shared/domain/events';
import { eventsDocPath, renderEventsDoc } from '../../shared/events-doc';

describe('docs/events.md', () => {
  it('is what `npm run docs` writes today', () => {
    expect(readFileSync(eventsDocPath, 'utf8')).toBe(renderEventsDoc());
  });

  it('has an example and a schema for every event type', () => {
    const doc = renderEventsDoc();
    for (const type of Object.values(eventTypes)) {
      expect(doc).toContain(`## ${type}\n`);
      expect(doc).toContain(`"detail-type": "${type}"`);
    }
    expect(doc.match(/JSON Schema of/g)).toHaveLength(Object.values(eventTypes).length);
    expect(doc).not.toContain('"detail": undefined');
  });
});
