// Where the local runtime keeps its data: plain JavaScript, so that launch-early.mjs (loaded before tsx) and
// settings.ts read DATA_DIR the same way. Types in data-dir.d.mts.
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, so `.data/` is the same folder whichever directory a script is started from. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** DATA_DIR, relative to the working directory, or `.data/` in the repository. */
export function resolveDataDir(env = process.env) {
  const dataDir = env.DATA_DIR?.trim();
  if (!dataDir) return resolve(repoRoot, '.data');
  return isAbsolute(dataDir) ? dataDir : resolve(process.cwd(), dataDir);
}

/** DynamoDB Local's files inside the data directory. */
export function dynamoDbDir(dataDir) {
  return resolve(dataDir, 'dynamodb');
}
