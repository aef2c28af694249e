// Unicode normalization: Vietnamese typed on some systems arrives decomposed; we store NFC only.

/** Returns a copy of `value` with every string (keys included) in NFC. */
export function toNfc<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (Array.isArray(value)) return value.map((item) => toNfc(item)) as T;
  if (value !== null && typeof value === 'object') {
    // Own enumerable keys only, written with defineProperty so a `__proto__` key stays a plain key
    // (and is then rejected by the strict schema) instead of changing the prototype.
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(out, key.normalize('NFC'), {
        value: toNfc(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out as T;
  }
  return value;
}
