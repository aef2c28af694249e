// Where the local runtime keeps its data, which port it serves and which origins it allows: one reading for
// `npm start` and `npm run token`.
import { resolve } from 'node:path';
import { parseAllowedOrigins } from '../../shared/http/cors';
import { dynamoDbDir, repoRoot, resolveDataDir } from './data-dir.mjs';

export { repoRoot, resolveDataDir };

export const defaultPort = 3000;

/** Loopback only: the local runtime trusts local tokens and must not be reachable from the network. */
export const listenHost = '127.0.0.1';

export class InvalidPortError extends Error {
  readonly code = 'local.invalidPort';
  constructor(value: string) {
    super(`PORT must be a whole number from 1 to 65535, got "${value}"`);
  }
}

export function resolvePort(env: Record<string, string | undefined> = process.env): number {
  const value = env.PORT?.trim();
  if (!value) return defaultPort;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw new InvalidPortError(value);
  return port;
}

/**
 * Origins whose pages may call the local API from a browser, as the CDK context `allowedOrigins` sets them
 * in AWS: `CORS_ALLOWED_ORIGINS=http://localhost:5173,https://a.example`. None by default.
 */
export function resolveAllowedOrigins(env: Record<string, string | undefined> = process.env): string[] {
  return parseAllowedOrigins(env.CORS_ALLOWED_ORIGINS, 'CORS_ALLOWED_ORIGINS');
}

/** Sub-folders and files of DATA_DIR; with `--in-memory` only `keys` is written. */
export const dataPaths = {
  dynamoDb: dynamoDbDir,
  keys: (dataDir: string) => resolve(dataDir, 'keys'),
  /** Where the stream poller stopped on each shard, so a restart does not deliver everything again. */
  streamCheckpoints: (dataDir: string) => resolve(dataDir, 'stream-checkpoints.json'),
  /** The stream mapping's on-failure destination. */
  streamFailures: (dataDir: string) => resolve(dataDir, 'stream-failures.jsonl'),
  /** The rule targets' dead-letter queue. */
  eventBridgeDeadLetters: (dataDir: string) => resolve(dataDir, 'eventbridge-dlq.jsonl'),
  /** Events the bus accepted whose deliveries have not all finished: delivered again after a restart. */
  eventBridgeJournal: (dataDir: string) => resolve(dataDir, 'eventbridge-journal.jsonl'),
  snsMessages: (dataDir: string) => resolve(dataDir, 'sns-messages.jsonl'),
  /** While a runtime runs: its pid and its DynamoDB Local and SNS endpoints, for `npm run digest` (#15). */
  runningEndpoints: (dataDir: string) => resolve(dataDir, 'running.json'),
};
