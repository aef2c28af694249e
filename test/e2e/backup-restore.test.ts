// `npm run backup` while `npm start` runs the demo and a 300-handover load, then `npm run restore` into an empty DATA_DIR: the same data answers the same way.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../infra/local/demo/load-demo';
import { freePort } from '../../infra/local/dynamodb-local';
import {
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
  killGroup,
  type RuntimeProcess,
  repoRoot,
  scriptArguments,
  startRuntimeProcess,
} from './support/local-runtime-process';

const work = mkdtempSync(join(tmpdir(), 'pledge-backup-'));
const started: RuntimeProcess[] = [];
afterAll(() => {
  for (const runtime of started) killGroup(runtime.child);
  rmSync(work, { recursive: true, force: true });
});

/** As `npm run <script> -- <args>`, with DATA_DIR set. */
function runScript(script: 'backup' | 'restore', dataDir: string, ...args: string[]) {
  try {
    const stdout = execFileSync(process.execPath, [...scriptArguments(script), ...args], {
      cwd: repoRoot,
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: 0, stdout, stderr: '' };
  } catch (error) {
    const failure = error as { status: number; stdout: string; stderr: string };
    return { status: failure.status, stdout: failure.stdout, stderr: failure.stderr };
  }
}

/** What users see of both campaigns: pledges, handovers, audit trail, feed, and a replayed request's answer. */
async function snapshot(
  url: string,
  dataDir: string,
  campaignIds: string[],
  replay: { campaignId: string; key: string; body: unknown },
) {
  const tokens = await tokensFor(dataDir);
  const views: Record<string, unknown> = {};
  for (const id of campaignIds) {
    views[id] = {
      pledges: await listAll(url, tokens.staff, `/v1/campaigns/${id}/pledges`),
      handovers: await listAll(url, tokens.staff, `/v1/campaigns/${id}/handovers`),
      audit: await listAll(url, tokens.staff, `/v1/campaigns/${id}/audit`),
      feed: await listAll(url, tokens.leadership, `/v1/notifications?campaignId=${id}`),
      // Everything but the moment it was computed.
      progress: {
        ...(await call(url, `/v1/campaigns/${id}/progress`, { token: tokens.staff })).body,
        asOf: undefined,
      },
    };
  }
  const replayed = await call(url, `/v1/campaigns/${replay.campaignId}/handovers`, {
    token: tokens.staff,
    headers: { 'idempotency-key': replay.key },
    body: replay.body,
  });
  const records = pipelineRecords(dataDir);
  return {
    views,
    replayed: {
      status: replayed.status,
      header: replayed.headers.get('idempotent-replayed'),
      body: replayed.body,
    },
    snsMessages: records.snsMessages,
    deadLetters: records.deadLetters,
    streamFailures: records.streamFailures,
  };
}

describe('backup and restore of the local runtime', () => {
  it('round-trips the demo and a 300-handover load, taken while the runtime runs: counts, audit trail, feed and a replayed Idempotency-Key are as before', async () => {
    // Prepare: the demo, then the crash test's load
    const original = join(work, 'original');
    const runtime = await startRuntimeProcess({ dataDir: original, port: await freePort() });
    started.push(runtime);
    const tokens = await tokensFor(original);
    const campaign = await prepareCampaign(runtime.url, tokens.staff, 'backup', seededRandom(7));
    const answers = await runLoad(runtime.url, tokens.staff, campaign, { concurrency: 16 });
    expect(answers.map((a) => a?.status)).toEqual(Array(300).fill(201));
    const file = join(work, 'backup.jsonl');
    const request = campaign.requests[0] as (typeof campaign.requests)[number];
    const replay = { campaignId: campaign.campaignId, key: request.key, body: request.body };
    const campaignIds = [readDemoData().campaign.id, campaign.campaignId];

    // Act: back up while it runs (the backup waits for the pipeline), restore into a new DATA_DIR
    const backup = runScript('backup', original, file);
    await waitUntilIdle(original);
    const before = await snapshot(runtime.url, original, campaignIds, replay);
    expect(await runtime.stop()).toBe(0);
    const refused = runScript('restore', original, file);
    const restoredDir = join(work, 'restored');
    const restore = runScript('restore', restoredDir, file);
    const restarted = await startRuntimeProcess({ dataDir: restoredDir, port: await freePort() });
    started.push(restarted);
    await waitUntilIdle(restoredDir);
    const after = await snapshot(restarted.url, restoredDir, campaignIds, replay);

    // Assess
    expect(backup).toMatchObject({
      status: 0,
      stdout: expect.stringMatching(
        /^Backup written to .*backup\.jsonl \(Ledger \d+, Handovers \d+, Audit \d+/,
      ),
    });
    expect(refused).toMatchObject({
      status: 1,
      stderr: expect.stringContaining(`DATA_DIR ${original} is not empty`),
    });
    expect(restore).toMatchObject({
      status: 0,
      stdout: expect.stringContaining(`Restored into ${restoredDir}`),
    });
    expect(restarted.output()).not.toMatch(/Loading the demo campaign/);
    const loaded = before.views[campaign.campaignId] as { handovers: unknown[]; feed: unknown[] };
    expect(loaded.handovers).toHaveLength(300);
    expect(loaded.feed).toHaveLength(6);
    expect((before.views[campaignIds[0] as string] as { feed: unknown[] }).feed).toHaveLength(3);
    expect(before.replayed).toMatchObject({ status: 201, header: 'true' });
    expect(after).toEqual(before);
    expect(await restarted.stop()).toBe(0);
  }, 300_000);
});
