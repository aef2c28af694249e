// Configuration read once from the environment, validated, failing with the missing variable's name.
import * as z from './schemas/zod';
import { auditTable, handoversTable, ledgerTable } from './tables';

/** How long a function may reuse what recording a handover checks first (0 turns the cache off). */
export const handoverContextCacheEnvVar = 'HANDOVER_CONTEXT_CACHE_SECONDS';

const Config = z.object({
  ledgerTableName: z.string().check(z.minLength(3)),
  handoversTableName: z.optional(z.string().check(z.minLength(3))),
  auditTableName: z.optional(z.string().check(z.minLength(3))),
  handoverContextCacheSeconds: z._default(
    z.coerce.number().check(z.int(), z.minimum(0), z.maximum(3600)),
    300,
  ),
});
export type Config = z.infer<typeof Config>;

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const ledgerTableName = env[ledgerTable.envVar];
  if (!ledgerTableName) throw new Error(`Missing environment variable ${ledgerTable.envVar}`);
  return Config.parse({
    ledgerTableName,
    handoversTableName: env[handoversTable.envVar] || undefined,
    auditTableName: env[auditTable.envVar] || undefined,
    handoverContextCacheSeconds: env[handoverContextCacheEnvVar] || undefined,
  });
}

/** For functions that touch personal data: their stack grants and passes the handovers table. */
export function requireHandoversTable(config: Config): string {
  if (!config.handoversTableName) throw new Error(`Missing environment variable ${handoversTable.envVar}`);
  return config.handoversTableName;
}

/** For the audit route: its stack grants and passes the audit table (writers get it optionally). */
export function requireAuditTable(config: Config): string {
  if (!config.auditTableName) throw new Error(`Missing environment variable ${auditTable.envVar}`);
  return config.auditTableName;
}
