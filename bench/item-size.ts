// DynamoDB item sizes and transactional write units by AWS's published rules, for stating costs in AWS terms.

/** Bytes of an item: each attribute's UTF-8 name plus its value's size. */
export function itemSize(item: Record<string, unknown>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + valueSize(value),
    0,
  );
}

function valueSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  // Numbers: about one byte per two significant digits, plus one.
  if (typeof value === 'number')
    return Math.ceil(String(Math.abs(value)).replace(/[.-]/g, '').length / 2) + 1;
  if (typeof value === 'boolean' || value === null || value === undefined) return 1;
  // Lists and maps: 3 bytes of overhead plus one per element, plus their contents.
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueSize(v), 0);
  if (typeof value === 'object') {
    return (
      3 + Object.entries(value).reduce((sum, [k, v]) => sum + 1 + Buffer.byteLength(k) + valueSize(v), 0)
    );
  }
  return 0;
}

/** A transactional write costs 2 WCU per KB (rounded up) of each item it writes or checks. */
export function transactionalWriteUnits(itemBytes: number[]): number {
  return itemBytes.reduce((sum, bytes) => sum + 2 * Math.max(1, Math.ceil(bytes / 1024)), 0);
}
