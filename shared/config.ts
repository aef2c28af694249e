// Configuration: the one place that reads process.env, through one zod schema that names a missing or bad variable.
import { eventBus, leadershipTopic, organizationTopic } from './event-routing';
import { identityEnv } from './identity';
import * as z from './schemas/zod';
import { auditTable, handoversTable, ledgerTable } from './tables';

/** How long a function may reuse what recording a handover checks first (0 turns the cache off). */
export const handoverContextCacheEnvVar = 'HANDOVER_CONTEXT_CACHE_SECONDS';

const tableName = z.string().check(z.minLength(3));

/**
 * Each function is given only what its route or rule declares (shared/routes.ts, shared/event-routing.ts),
 * so every setting but the cache's is optional here; the composition root names the one a function lacks.
 */
const Config = z.object({
  ledgerTableName: z.optional(tableName),
  handoversTableName: z.optional(tableName),
  auditTableName: z.optional(tableName),
  eventBusName: z.optional(z.string().check(z.minLength(1))),
  leadershipTopicArn: z.optional(z.string().check(z.regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/))),
  organizationTopicArn: z.optional(
    z.string().check(z.regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/)),
  ),
  /** Where the dashboard's page signs in: Cognito's API origin in AWS, a path on the API's origin locally. */
  identityEndpoint: z.optional(
    z
      .string()
      .check(
        z.regex(/^(\/[\w/-]*|https:\/\/[a-z0-9.-]+\/)$/, 'must be an https:// origin ending in / or a path'),
      ),
  ),
  userPoolClientId: z.optional(z.string().check(z.minLength(1))),
  userPoolId: z.optional(z.string().check(z.regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'must be a user pool id'))),
  staffInviteDelivery: z._default(z.enum(['email', 'shown']), 'email'),
  /** Off unless set: the local runtime's demo users are not enrolled (issue #12); the stack sets it. */
  requireMfa: z._default(z.enum(['true', 'false']), 'false'),
  handoverContextCacheSeconds: z._default(
    z.coerce.number().check(z.int(), z.minimum(0), z.maximum(3600)),
    300,
  ),
});
export type Config = z.infer<typeof Config>;
export type ConfigKey = keyof Config;

const variables: Record<ConfigKey, string> = {
  ledgerTableName: ledgerTable.envVar,
  handoversTableName: handoversTable.envVar,
  auditTableName: auditTable.envVar,
  eventBusName: eventBus.envVar,
  leadershipTopicArn: leadershipTopic.envVar,
  organizationTopicArn: organizationTopic.envVar,
  identityEndpoint: identityEnv.endpoint,
  userPoolClientId: identityEnv.clientId,
  userPoolId: identityEnv.userPoolId,
  staffInviteDelivery: identityEnv.inviteDelivery,
  requireMfa: identityEnv.requireMfa,
  handoverContextCacheSeconds: handoverContextCacheEnvVar,
};

/** The environment variable behind a setting, for error messages. */
export function variableOf(key: ConfigKey): string {
  return variables[key];
}

export class ConfigError extends Error {
  readonly code = 'config.invalid';
}

/** Reads and validates once; an empty variable counts as absent. */
export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw = Object.fromEntries(
    Object.entries(variables).map(([key, name]) => [key, env[name] === '' ? undefined : env[name]]),
  );
  const parsed = Config.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0]) as ConfigKey;
    return `${variableOf(key)}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid environment variable ${problems.join('; ')}`);
}
