// Loads the Long Biên 2018 demo campaign through the HTTP API, as a front-committee user would; safe to re-run.
import { readFileSync } from 'node:fs';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { keys, ledgerTable } from '../../../shared/tables';
import { localAwsSettings } from '../dynamodb-local';

export interface DemoData {
  organizations: { id: string; name: string; kind: string }[];
  campaign: { id: string; name: string; startsOn: string; endsOn: string; wards: string[] };
  pledges: { organizationId: string; category: string; target: number }[];
  handovers: {
    /** Stable per handover, so a half-finished load can be run again without counting twice. */
    idempotencyKey: string;
    organizationId: string;
    category: string;
    ward: string;
    handedOverOn: string;
    beneficiary?: { name: string; address?: string };
    valueVnd?: number;
    note?: string;
  }[];
}

export const demoDataFile = new URL('./longbien-2018.json', import.meta.url);

export function readDemoData(): DemoData {
  const { $comment: _comment, ...data } = JSON.parse(readFileSync(demoDataFile, 'utf8')) as DemoData & {
    $comment?: string;
  };
  return data;
}

export class DemoLoadError extends Error {
  readonly code = 'local.demoLoadFailed';
}

/**
 * True when the campaign is stored: one GetItem on the ledger, rather than a GET through the gateway,
 * which made every start wait for the get-campaign handler to load before Ready.
 */
export async function demoCampaignStored(
  endpoint: string,
  data: DemoData = readDemoData(),
): Promise<boolean> {
  const client = new DynamoDBClient({ endpoint, ...localAwsSettings });
  try {
    const { pk, sk } = keys.campaign(data.campaign.id);
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: ledgerTable.localName,
        Key: { pk: { S: pk }, sk: { S: sk } },
        ProjectionExpression: 'pk',
        ConsistentRead: true,
      }),
    );
    return Item !== undefined;
  } finally {
    client.destroy();
  }
}

export async function loadDemo(options: { baseUrl: string; token: string; data?: DemoData }): Promise<void> {
  const data = options.data ?? readDemoData();
  const campaignPath = `/v1/campaigns/${encodeURIComponent(data.campaign.id)}`;
  const post = async (path: string, body: unknown, { conflictIsDone = false, headers = {} } = {}) => {
    const response = await fetch(`${options.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.token}`,
        'content-type': 'application/json',
        ...headers,
      },
      body: JSON.stringify(body),
    });
    // On a re-run these already exist: a 409 means a previous run got that far.
    if (response.status === 201 || response.status === 200) return;
    if (response.status === 409 && conflictIsDone) return;
    throw new DemoLoadError(`POST ${path} answered ${response.status}: ${await response.text()}`);
  };

  for (const organization of data.organizations) {
    await post('/v1/organizations', organization, { conflictIsDone: true });
  }
  await post('/v1/campaigns', data.campaign, { conflictIsDone: true });
  for (const pledge of data.pledges) {
    await post(`${campaignPath}/pledges`, pledge, { conflictIsDone: true });
  }
  for (const { idempotencyKey, ...handover } of data.handovers) {
    await post(`${campaignPath}/handovers`, handover, { headers: { 'idempotency-key': idempotencyKey } });
  }
}
