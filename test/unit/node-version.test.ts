import { describe, expect, it } from 'vitest';
import { handlerBuildOptions } from '../../infra/bundling.js';

// Lambda runs the handlers on nodejs24.x; the tests and the local runtime must run them on the same major,
// which `npm ci` installs as the dev dependency `node` (README, Quick start).
describe('the Node the suite runs on', () => {
  it('is the major the handlers are built for and Lambda runs', () => {
    const target = String(handlerBuildOptions('health').target);
    expect(`node${process.versions.node.split('.')[0]}`).toBe(target);
  });
});
