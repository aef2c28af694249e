// `npm run restore -- <file>`: loads a backup into an empty DATA_DIR, which `npm start` then runs on.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { assertEmptyDataDir, BackupError, importBackup, parseBackup } from './backup';
import { createTables, JavaMissingError, launchDynamoDbLocal, localAwsSettings } from './dynamodb-local';
import { dataPaths, resolveDataDir } from './settings';

const usage = 'usage: npm run restore -- <file>   (into DATA_DIR, which must be empty or missing)';

async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (!name || rest.length > 0 || name.startsWith('-')) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const dataDir = resolveDataDir();
  let backup: ReturnType<typeof parseBackup>;
  try {
    assertEmptyDataDir(dataDir);
    backup = parseBackup(readFileSync(resolve(name), 'utf8'));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return error instanceof BackupError ? 1 : 2;
  }
  let launched: Awaited<ReturnType<typeof launchDynamoDbLocal>> | undefined;
  try {
    launched = await launchDynamoDbLocal({ dataDir: dataPaths.dynamoDb(dataDir) });
    const { endpoint } = await launched.ready;
    const dynamo = new DynamoDBClient({ endpoint, ...localAwsSettings });
    try {
      await createTables(dynamo);
      await importBackup({ dynamo, dynamoEndpoint: endpoint, dataDir, backup });
    } finally {
      dynamo.destroy();
    }
  } catch (error) {
    process.stderr.write(
      error instanceof JavaMissingError
        ? `${error.message}\n`
        : `Restore failed; remove ${dataDir} before trying again: ${(error as Error).message}\n`,
    );
    return 1;
  } finally {
    await launched?.stop();
  }
  const counts = Object.entries(backup.counts)
    .map(([table, count]) => `${table} ${count}`)
    .join(', ');
  process.stdout.write(`Restored into ${dataDir} (${counts}); start it with npm start.\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
