// Where each stage is deployed and who hears from it, committed so that a deploy needs only `-c stage=<name>`:
// nothing typed on a command line can be forgotten on the next deploy and silently drop a subscription.
import { z } from 'zod';
import { parseAllowedOrigins } from '../shared/http/cors';

/**
 * Edit these blocks, commit, then `npx cdk deploy --all -c stage=prod`. Each address receives one message from
 * AWS to confirm its subscription; until it is confirmed, nothing reaches it.
 *
 * - `region`: where everything runs. ap-southeast-1 (Singapore) is the nearest AWS region to Vietnam.
 * - `account`: optional; when given, CDK refuses to deploy the stage with credentials for another account.
 * - `leadershipEmails`: who is told of every pledge exceeded (the leadership topic).
 * - `opsEmails`: who is told when an alarm goes off (the operations topic): whoever runs the system.
 * - `organizationContacts` (optional): organization id → who receives that organization's reminders (#15),
 *   and only its own: each subscription filters on the message attribute `organizationId`.
 * - `allowedOrigins`: pages on other sites that may call the API from a browser (CORS; none needed for the
 *   dashboard, which the API serves itself). https only in prod; http://localhost elsewhere too.
 *
 * There are no sign-in callback or logout URLs: the pages sign in against Cognito's API with their own form
 * (decision 0012), so the user pool has no hosted UI to redirect from.
 */
export const stages = {
  dev: {
    region: 'ap-southeast-1',
    leadershipEmails: ['lanh-dao@example.org'],
    opsEmails: ['van-hanh@example.org'],
    allowedOrigins: ['http://localhost:5173'],
  },
  prod: {
    region: 'ap-southeast-1',
    leadershipEmails: ['chu-tich@example.org'],
    opsEmails: ['van-hanh@example.org'],
    allowedOrigins: [],
  },
} satisfies Record<string, StageInput>;

/** The stage whose mistakes would reach real people: stricter rules (below). */
export const productionStage = 'prod';

/** Domains reserved for examples (RFC 2606, RFC 6761): no mail is ever delivered there. */
const reservedDomain = /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$/i;

const email = z
  .string()
  .trim()
  .regex(/^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/, 'is not an e-mail address');

const StageSettings = z.strictObject({
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'is not an AWS region such as ap-southeast-1'),
  account: z.optional(z.string().regex(/^\d{12}$/, 'is not a 12-digit AWS account id')),
  leadershipEmails: z.array(email),
  opsEmails: z.array(email),
  allowedOrigins: z.array(z.string()),
  organizationContacts: z.record(z.string(), z.array(email)).default({}),
});
type StageInput = z.input<typeof StageSettings>;
export type StageSettings = z.output<typeof StageSettings> & { name: string };

export class StageError extends Error {
  readonly code = 'stage.invalid';
}

/**
 * The settings of the stage named by `-c stage=<name>`, checked; a missing or unknown stage, or a setting that
 * is wrong, fails synthesis with a message that names the stage, the setting and what to do.
 */
export function stageSettings(
  name: unknown,
  table: Readonly<Record<string, unknown>> = stages,
): StageSettings {
  const known = Object.keys(table).join(', ');
  if (name === undefined || name === null || name === '') {
    throw new StageError(`Choose a stage: -c stage=<name>, one of ${known} (infra/stages.ts)`);
  }
  if (typeof name !== 'string' || !Object.hasOwn(table, name)) {
    throw new StageError(`Unknown stage "${String(name)}": choose one of ${known} (infra/stages.ts)`);
  }
  const where = `Stage ${name} (infra/stages.ts)`;
  const parsed = StageSettings.safeParse(table[name]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    const value = valueAt(table[name], issue?.path ?? []);
    throw new StageError(
      `${where}: ${path}${value === undefined ? '' : ` "${String(value)}"`} ${issue?.message ?? 'is invalid'}`,
    );
  }
  const settings = parsed.data;
  const badOrganization = Object.keys(settings.organizationContacts).find(
    (id) => !/^[a-z0-9][a-z0-9-]{2,62}$/.test(id),
  );
  if (badOrganization !== undefined) {
    throw new StageError(`${where}: organizationContacts "${badOrganization}" is not an organization id`);
  }
  const allowedOrigins = parseAllowedOrigins(settings.allowedOrigins, `${where}: allowedOrigins`);
  if (name === productionStage) {
    for (const [setting, addresses] of [
      ['leadershipEmails', settings.leadershipEmails],
      ['opsEmails', settings.opsEmails],
    ] as const) {
      if (addresses.length === 0) {
        throw new StageError(
          `${where}: ${setting} is empty; ${setting === 'opsEmails' ? 'alarms' : 'exceeded pledges'} would reach nobody`,
        );
      }
      const placeholder = addresses.find((address) => reservedDomain.test(address.split('@')[1] ?? ''));
      if (placeholder) {
        throw new StageError(
          `${where}: ${setting} "${placeholder}" is an example address that never receives mail: write the real one`,
        );
      }
    }
    const insecure = allowedOrigins.find((origin) => origin.startsWith('http:'));
    if (insecure) {
      throw new StageError(
        `${where}: allowedOrigins "${insecure}" is plain http; production allows https only`,
      );
    }
  }
  return {
    ...settings,
    name,
    leadershipEmails: [...new Set(settings.leadershipEmails)],
    opsEmails: [...new Set(settings.opsEmails)],
    organizationContacts: Object.fromEntries(
      Object.entries(settings.organizationContacts).map(([id, emails]) => [id, [...new Set(emails)]]),
    ),
    allowedOrigins,
  };
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return typeof current === 'object' ? undefined : current;
}
