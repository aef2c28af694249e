// `npm run digest -- --campaign <id>`: sends that campaign's weekly digest now (#15), through the same function
// the schedule runs. Against the running local runtime when one serves this DATA_DIR, else against its data.
import { existsSync, readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { makeHandler } from '../../functions/send-weekly-digest';
import { leadershipChannelFor } from '../../shared/adapters/sns-leadership-channel';
import { createDeps, documentClient } from '../../shared/container';
import { isDomainError } from '../../shared/domain/errors';
import { createTables, localAwsSettings, type RunningDynamoDb, startDynamoDbLocal } from './dynamodb-local';
import { createLambdaContext } from './lambda-context';
import { localConfig, localLeadershipTopicArn, localOrganizationTopicArn } from './runtime';
import { dataPaths, resolveDataDir } from './settings';
import { type SnsStandIn, startSnsStandIn } from './sns-standin';

const usage = 'usage: npm run digest -- --campaign <campaignId>   (env: DATA_DIR, default .data/)';

/** Exit codes: 0 sent (or already sent), 2 bad usage, 3 unknown or closed campaign, 1 anything else. */
async function main(args: string[]): Promise<number> {
  const [flag, campaignId, ...rest] = args;
  if (flag !== '--campaign' || !campaignId || rest.length > 0) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const dataDir = resolveDataDir();
  const running = runningRuntime(dataDir);
  let ownDynamo: RunningDynamoDb | undefined;
  let ownSns: SnsStandIn | undefined;
  try {
    let endpoints: { dynamo: string; sns: string } | undefined = running;
    if (!endpoints) {
      // No runtime on this DATA_DIR: its database, and an SNS stand-in that keeps the message where npm start does.
      ownDynamo = await startDynamoDbLocal({ dataDir: dataPaths.dynamoDb(dataDir) });
      ownSns = await startSnsStandIn({
        topicArns: [localLeadershipTopicArn, localOrganizationTopicArn],
        messagesFile: dataPaths.snsMessages(dataDir),
      });
      endpoints = { dynamo: ownDynamo.endpoint, sns: ownSns.endpoint };
    }
    const dynamo = new DynamoDBClient({ endpoint: endpoints.dynamo, ...localAwsSettings });
    const sns = new SNSClient({ endpoint: endpoints.sns, ...localAwsSettings });
    try {
      if (ownDynamo) await createTables(dynamo);
      const config = localConfig();
      const deps = createDeps(
        config,
        { dynamo: documentClient(dynamo) },
        { channel: leadershipChannelFor(config, sns) },
      );
      const outcomes = await makeHandler(deps)(
        { scheduledTime: new Date().toISOString(), campaignId },
        createLambdaContext({ functionName: 'pledge-tracker-WeeklyDigest', timeoutMs: 60_000 }),
      );
      for (const { campaignId: id, outcome } of outcomes)
        process.stdout.write(`Digest for ${id}: ${outcome}\n`);
      const sent = ownSns?.messages.at(-1);
      if (sent) process.stdout.write(`\n${sent.subject}\n\n${sent.message}\n`);
      else if (running) process.stdout.write(`(printed by the running runtime at ${running.url})\n`);
      return 0;
    } finally {
      dynamo.destroy();
      sns.destroy();
    }
  } catch (error) {
    if (isDomainError(error) && (error.code === 'not_found' || error.code === 'conflict')) {
      process.stderr.write(`${error.message}\n`);
      return 3;
    }
    process.stderr.write(`The digest failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await ownSns?.stop();
    await ownDynamo?.stop();
  }
}

function runningRuntime(dataDir: string): { dynamo: string; sns: string; url: string } | undefined {
  const file = dataPaths.runningEndpoints(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const found = JSON.parse(readFileSync(file, 'utf8')) as {
      pid: number;
      dynamo: string;
      sns: string;
      url: string;
    };
    process.kill(found.pid, 0);
    return found;
  } catch {
    // Left by a runtime that died: its endpoints are gone.
    return undefined;
  }
}

process.exitCode = await main(process.argv.slice(2));
