// A campaign with pledges and a concurrent load of handovers with fixed Idempotency-Keys, over HTTP, for the crash and backup tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdminEndpointFile } from '../../../infra/local/admin-endpoint';
import { readJsonLines } from '../../../infra/local/durable-log';
import { issueToken, loadSigningKey } from '../../../infra/local/tokens';

export interface Answer {
  status: number;
  body: ReturnType<typeof JSON.parse>;
  headers: Headers;
}

export async function call(
  baseUrl: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.body === undefined ? 'GET' : 'POST',
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

export async function tokensFor(dataDir: string): Promise<{ staff: string; leadership: string }> {
  const key = await loadSigningKey(dataDir);
  return {
    staff: await issueToken(key, { role: 'front-committee' }),
    leadership: await issueToken(key, { role: 'leadership' }),
  };
}

/** A small deterministic generator, so a seed picks the same order and kill point on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const categories = ['great-unity-house', 'love-shelter', 'comradeship-house', 'cultural-center'] as const;

function isoDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export interface PledgePlan {
  id?: string;
  organizationId: string;
  category: string;
  target: number;
  handovers: number;
}

export interface Campaign {
  campaignId: string;
  pledges: PledgePlan[];
  /** One request per handover, in the (seeded) order they are sent; keys fixed, so a retry is a replay. */
  requests: { key: string; body: Record<string, unknown> }[];
}

/**
 * 12 pledges over 3 organizations and 4 categories, 25 handovers each (300 in all): targets of 20 are
 * crossed (6 of them), 25 are met exactly, 30 are not reached.
 */
export async function prepareCampaign(
  baseUrl: string,
  staffToken: string,
  name: string,
  random: () => number,
): Promise<Campaign> {
  const campaignId = `crash-${name}`;
  const pledges: PledgePlan[] = [];
  for (let o = 0; o < 3; o++) {
    const organizationId = `org-${o}-${name}`;
    const created = await call(baseUrl, '/v1/organizations', {
      token: staffToken,
      body: { id: organizationId, name: `Tổ chức ${o}`, kind: 'other' },
    });
    if (created.status !== 201)
      throw new Error(`organization: ${created.status} ${JSON.stringify(created.body)}`);
    categories.forEach((category, c) => {
      const index = o * categories.length + c;
      pledges.push({
        organizationId,
        category,
        target: [20, 20, 25, 30][index % 4] as number,
        handovers: 25,
      });
    });
  }
  const campaign = await call(baseUrl, '/v1/campaigns', {
    token: staffToken,
    body: {
      id: campaignId,
      name: 'Đợt thi đua thử tải',
      startsOn: isoDate(-30),
      endsOn: isoDate(30),
      wards: ['Bồ Đề', 'Gia Thụy'],
    },
  });
  if (campaign.status !== 201)
    throw new Error(`campaign: ${campaign.status} ${JSON.stringify(campaign.body)}`);
  for (const pledge of pledges) {
    const answer = await call(baseUrl, `/v1/campaigns/${campaignId}/pledges`, {
      token: staffToken,
      body: { organizationId: pledge.organizationId, category: pledge.category, target: pledge.target },
    });
    if (answer.status !== 201) throw new Error(`pledge: ${answer.status} ${JSON.stringify(answer.body)}`);
    pledge.id = answer.body.id;
  }
  const requests = pledges.flatMap((pledge, p) =>
    Array.from({ length: pledge.handovers }, (_, n) => ({
      key: `handover-${name}-${p}-${n}`,
      body: {
        organizationId: pledge.organizationId,
        category: pledge.category,
        ward: n % 2 ? 'Bồ Đề' : 'Gia Thụy',
        handedOverOn: isoDate(-1),
        beneficiary: { name: `Người nhận ${p}-${n}` },
      },
    })),
  );
  for (let i = requests.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [requests[i], requests[j]] = [
      requests[j] as (typeof requests)[number],
      requests[i] as (typeof requests)[number],
    ];
  }
  return { campaignId, pledges, requests };
}

/**
 * Sends every request, `concurrency` at a time. `onAnswer` runs as each answer arrives, with how many
 * have arrived; a request the server never answered (it was killed) is `undefined` in the result.
 */
export async function runLoad(
  baseUrl: string,
  staffToken: string,
  campaign: Campaign,
  options: { concurrency: number; onAnswer?: (answered: number) => void },
): Promise<(Answer | undefined)[]> {
  const answers: (Answer | undefined)[] = Array(campaign.requests.length).fill(undefined);
  let next = 0;
  let answered = 0;
  const worker = async () => {
    while (next < campaign.requests.length) {
      const index = next++;
      const request = campaign.requests[index] as Campaign['requests'][number];
      try {
        answers[index] = await call(baseUrl, `/v1/campaigns/${campaign.campaignId}/handovers`, {
          token: staffToken,
          headers: { 'idempotency-key': request.key },
          body: request.body,
        });
        answered++;
        options.onAnswer?.(answered);
      } catch {
        // The runtime was killed: this request's fate is for the retry to find out.
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return answers;
}

export async function listAll(
  baseUrl: string,
  token: string,
  path: string,
): Promise<ReturnType<typeof JSON.parse>[]> {
  const items: ReturnType<typeof JSON.parse>[] = [];
  let cursor: string | undefined;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await call(
      baseUrl,
      `${path}${cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : ''}`,
      { token },
    );
    if (page.status !== 200) throw new Error(`${path}: ${page.status} ${JSON.stringify(page.body)}`);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

/** Asks the runtime running on `dataDir` (through its operator endpoint) to be idle: resolves once it is. */
export async function waitUntilIdle(dataDir: string, timeoutMs = 100_000): Promise<void> {
  const admin = JSON.parse(readFileSync(join(dataDir, 'local-admin.json'), 'utf8')) as AdminEndpointFile;
  const answer = await fetch(`${admin.url}/settled?timeoutMs=${timeoutMs}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin.secret}` },
  });
  if (answer.status !== 200) throw new Error(`not idle: ${await answer.text()}`);
}

/** What the pipeline kept in DATA_DIR: SNS messages, dead letters, stream failures. */
export function pipelineRecords(dataDir: string) {
  return {
    snsMessages: readJsonLines<{ messageAttributes: Record<string, { StringValue?: string }> }>(
      join(dataDir, 'sns-messages.jsonl'),
    ),
    deadLetters: readJsonLines(join(dataDir, 'eventbridge-dlq.jsonl')),
    streamFailures: readJsonLines(join(dataDir, 'stream-failures.jsonl')),
  };
}
