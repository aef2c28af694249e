// The language of the API's words (validation messages): Vietnamese unless the caller prefers English.
export type Language = 'vi' | 'en';

/**
 * Reads `Accept-Language` (RFC 9110 §12.5.4): each range with its q-value (1 when absent, 0 meaning "not
 * this"), `en-US` counting as English and `*` as any. The language with the highest q wins; on a tie the one
 * named first, and Vietnamese when neither is named. A malformed range is skipped, not fatal.
 */
export function preferredLanguage(header: string | undefined): Language {
  if (!header) return 'vi';
  const best: Record<Language, { q: number; order: number } | undefined> = { vi: undefined, en: undefined };
  let wildcard: number | undefined;
  header.split(',').forEach((part, order) => {
    const [rangePart = '', ...parameters] = part.split(';');
    const range = rangePart.trim().toLowerCase();
    if (!/^(\*|[a-z]{1,8}(-[a-z0-9]{1,8})*)$/.test(range)) return;
    let q = 1;
    for (const parameter of parameters) {
      const [name = '', value = ''] = parameter.split('=').map((s) => s.trim().toLowerCase());
      if (name !== 'q') continue;
      q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) ? Number(value) : Number.NaN;
    }
    if (Number.isNaN(q)) return;
    if (range === '*') {
      wildcard ??= q;
      return;
    }
    const primary = range.split('-')[0];
    if (primary !== 'vi' && primary !== 'en') return;
    const seen = best[primary];
    if (!seen || q > seen.q) best[primary] = { q, order: seen?.order ?? order };
  });
  const score = (language: Language) =>
    best[language] ?? { q: wildcard ?? 0, order: Number.POSITIVE_INFINITY };
  const vi = score('vi');
  const en = score('en');
  if (en.q > 0 && (en.q > vi.q || (en.q === vi.q && en.order < vi.order))) return 'en';
  return 'vi';
}
