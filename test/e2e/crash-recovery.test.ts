// `npm start` killed (SIGKILL to its process group) amid 300 concurrent handovers, restarted on the same DATA_DIR: nothing lost, nothing twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local';
import {
  type Answer,
  call,
  listAll,
  pipelineRecords,
  prepareCampaign,
  runLoad,
  seededRandom,
  tokensFor,
  waitUntilIdle,
} from './support/handover-load';
import {
  isRunning,
  killGroup,
  processesMentioning,
  type RuntimeProcess,
  startRuntimeProcess,
} from './support/local-runtime-process';

const started: RuntimeProcess[] = [];
const dataDirs: string[] = [];
afterEach(async () => {
  for (const runtime of started.splice(0)) killGroup(runtime.child);
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(dataDir: string): Promise<RuntimeProcess> {
  const runtime = await startRuntimeProcess({ dataDir, port: await freePort(), args: ['--no-demo'] });
  started.push(runtime);
  return runtime;
}

/** Resolves once nothing started from `dataDir` runs (the java child is killed by its watchdog). */
async function gone(dataDir: string, pid: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (isRunning(pid) || processesMentioning(dataDir).length > 0) {
    if (Date.now() > deadline) throw new Error(`still running: ${processesMentioning(dataDir).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Each seed shuffles the 300 handovers its own way and kills at its own point; the last kills right
// after the 300th answer, while the pipeline is still turning the last crossings into notifications.
const cases = [
  { seed: 11, killAt: 'during the load' },
  { seed: 29, killAt: 'during the load' },
  { seed: 47, killAt: 'after the last answer' },
] as const;

describe('crash safety of the local runtime', () => {
  it.each(cases)(
    'seed $seed, killed $killAt: restarted and retried with the same keys, counts are exact, each crossing is in the feed once, nothing failed',
    async ({ seed, killAt }) => {
      // Prepare
      const dataDir = mkdtempSync(join(tmpdir(), 'pledge-crash-'));
      dataDirs.push(dataDir);
      const random = seededRandom(seed);
      const first = await start(dataDir);
      const tokens = await tokensFor(dataDir);
      const campaign = await prepareCampaign(first.url, tokens.staff, `s${seed}`, random);
      const killAfter = killAt === 'after the last answer' ? 300 : 40 + Math.floor(random() * 220);
      const pid = first.child.pid as number;

      // Act: the load, killed when the chosen answer arrives
      let killed = false;
      const answers = await runLoad(first.url, tokens.staff, campaign, {
        concurrency: 16,
        onAnswer: (answered) => {
          if (answered === killAfter && !killed) {
            killed = true;
            process.kill(-pid, 'SIGKILL');
          }
        },
      });
      expect(killed).toBe(true);
      await gone(dataDir, pid);
      const second = await start(dataDir);
      const retried = await runLoad(second.url, tokens.staff, campaign, { concurrency: 16 });
      await waitUntilIdle(dataDir);

      // Assess
      const received = answers.filter((a): a is Answer => a !== undefined);
      expect(received.length).toBeGreaterThanOrEqual(killAfter);
      expect(received.filter((a) => a.status !== 201)).toEqual([]);
      expect(retried.map((a) => a?.status)).toEqual(Array(300).fill(201));
      // A request answered before the kill is answered the same way after it: same handover.
      answers.forEach((answer, i) => {
        if (answer) expect(retried[i]?.body.id).toBe(answer.body.id);
      });
      const handovers = await listAll(
        second.url,
        tokens.staff,
        `/v1/campaigns/${campaign.campaignId}/handovers`,
      );
      expect(new Set(handovers.map((h) => h.id)).size).toBe(300);
      const pledges = await listAll(second.url, tokens.staff, `/v1/campaigns/${campaign.campaignId}/pledges`);
      expect(
        pledges
          .map((p) => ({ id: p.id, delivered: p.delivered }))
          .toSorted((a, b) => a.id.localeCompare(b.id)),
      ).toEqual(
        campaign.pledges
          .map((p) => ({ id: p.id, delivered: p.handovers }))
          .toSorted((a, b) => (a.id as string).localeCompare(b.id as string)),
      );
      const crossed = campaign.pledges.filter((p) => p.handovers > p.target).map((p) => p.id as string);
      expect(crossed).toHaveLength(6);
      const feed = await listAll(
        second.url,
        tokens.leadership,
        `/v1/notifications?campaignId=${campaign.campaignId}`,
      );
      expect(feed.map((item) => item.pledgeId).toSorted()).toEqual(crossed.toSorted());
      const records = pipelineRecords(dataDir);
      expect({ deadLetters: records.deadLetters, streamFailures: records.streamFailures }).toEqual({
        deadLetters: [],
        streamFailures: [],
      });
      // Every crossing reached the topic; a crash between publishing and marking sent may send one twice.
      const published = new Set(
        records.snsMessages
          .filter((m) => m.messageAttributes.campaignId?.StringValue === campaign.campaignId)
          .map((m) => m.messageAttributes.eventId?.StringValue),
      );
      expect(published.size).toBe(6);
      expect((await call(second.url, '/health')).status).toBe(200);
      expect(await second.stop()).toBe(0);
    },
    240_000,
  );
});
