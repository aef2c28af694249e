// Our zod: the functional "mini" build with English messages. Classic zod is some 450 KB of every bundle and
// about 50 ms of each cold start; mini is some 15 KB, tree-shaken to what the schemas use. Import it as
// `import * as z from './zod'`: re-exporting a namespace object would keep all of zod in every bundle.
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import vi from 'zod/v4/locales/vi.js';

// Without a locale, mini says only "Invalid input"; the English one says what was expected.
const english = en();
config(english);

/**
 * zod's own messages by language, passed to each parse (`safeParse(value, { error })`) rather than set
 * globally: one Lambda may parse concurrent requests' bodies (locally, the gateway does), and a global
 * setting would let one request's language leak into another's messages.
 */
export const localeErrors = { vi: vi().localeError, en: english.localeError } as const;

export * from 'zod/mini';
