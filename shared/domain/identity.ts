// Ids the server gives out: random for pledges, derived from the Idempotency-Key for handovers.
import { createHash, randomUUID } from 'node:crypto';

export function newPledgeId(): string {
  return randomUUID().replaceAll('-', '');
}

/** The same campaign and key always give the same id, which is what makes a replay harmless. */
export function handoverIdFor(campaignId: string, idempotencyKey: string): string {
  return createHash('sha256').update(`${campaignId}\n${idempotencyKey}`).digest('hex').slice(0, 32);
}

/** A hash of the request's meaning: key order in the JSON does not change it. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
