// The language a caller asks for: Vietnamese unless Accept-Language puts English first.
import type { Language } from '../domain/report';

export function requestLanguage(headers: Record<string, string | undefined>): Language {
  const first = headers['accept-language']?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first === 'en' || first.startsWith('en-') ? 'en' : 'vi';
}
