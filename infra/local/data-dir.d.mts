// Types of data-dir.mjs.
export const repoRoot: string;
export function resolveDataDir(env?: Record<string, string | undefined>): string;
export function dynamoDbDir(dataDir: string): string;
