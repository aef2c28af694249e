// What `npm run users -- <create|list|disable> ...` does: staff accounts in the deployed stack's user pool (read from the
// outputs file `cdk deploy --outputs-file` writes), or with --local in the local runtime's identity provider.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoAuditTrail } from '../../shared/adapters/dynamo-audit';
import { documentClient } from '../../shared/container';
import { type AuditActor, staffDisabled, staffInvited } from '../../shared/domain/audit';
import { type Role, roles } from '../../shared/domain/roles';
import type { AuditTrail } from '../../shared/ports';
import { localAwsSettings } from '../local/dynamodb-local';
import { identityProviderFiles, type RunningIdentityProvider } from '../local/identity-provider';
import { resolveDataDir } from '../local/settings';
import { createUser, disableUser, listUsers } from './user-admin';

export const usage = [
  'usage: npm run users -- create --role <role> --email <address> [--organization <id>] [--name <full name>]',
  '       npm run users -- list',
  '       npm run users -- disable --email <address>',
  '       (create and disable are recorded in the audit trail; --audit-table <name> if the outputs lack it)',
  `  roles: ${roles.join(', ')} (organization needs --organization)`,
  '  where: --outputs <file> (default cdk-outputs.json, from `npx cdk deploy --all --outputs-file cdk-outputs.json`),',
  '         --user-pool-id <id>, or --local (the running `npm start`, with DATA_DIR); locally --username <name> works too',
].join('\n');

export class UsageError extends Error {
  readonly code = 'users.usage';
}

export interface Target {
  client: CognitoIdentityProviderClient;
  userPoolId: string;
  local: boolean;
  /**
   * Where `create` and `disable` record themselves in the deployed stack, as the admin routes do: the
   * `AUDIT#_users` trail. Locally absent: the local runtime publishes no DynamoDB endpoint to other processes.
   */
  audit?: Pick<AuditTrail, 'appendStaffEntry'>;
}

/**
 * Who the trail names for the command line: an operator with AWS credentials, not a Cognito user, so no `sub`
 * and no group. Not the OS user name nor the AWS principal: both may name a person, and the trail is never
 * erased; CloudTrail records the principal of the same Cognito calls, at the same time, for whoever must know.
 */
export const cliActor: AuditActor = { sub: 'cli', roles: [] };

/** A stack output's value from the file `cdk deploy --outputs-file` writes, if exactly one stack has it. */
function stackOutput(file: string, name: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const outputs = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;
  const values = Object.values(outputs)
    .map((stack) => stack[name])
    .filter((value): value is string => typeof value === 'string');
  return values.length === 1 ? values[0] : undefined;
}

/** The pool from the stateful stack's `UserPoolId` output; its id starts with the region (`eu-west-1_AbC`). */
export function userPoolFromOutputs(file: string): string {
  if (!existsSync(file)) {
    throw new UsageError(
      `No ${file}: deploy with \`npx cdk deploy --all --outputs-file ${file}\`, or pass --user-pool-id`,
    );
  }
  const outputs = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;
  const pools = Object.values(outputs)
    .map((stack) => stack.UserPoolId)
    .filter((id): id is string => typeof id === 'string');
  if (pools.length !== 1) {
    throw new UsageError(`${file} has ${pools.length} UserPoolId outputs; pass --user-pool-id`);
  }
  return pools[0] as string;
}

export function localTarget(dataDir: string): Target {
  const file = identityProviderFiles(dataDir).running;
  if (!existsSync(file)) {
    throw new UsageError(
      `No local identity provider is running for DATA_DIR ${dataDir}: start it with npm start`,
    );
  }
  const running = JSON.parse(readFileSync(file, 'utf8')) as RunningIdentityProvider;
  return {
    client: new CognitoIdentityProviderClient({ endpoint: running.endpoint, ...localAwsSettings }),
    userPoolId: running.userPoolId,
    local: true,
  };
}

export async function run(
  args: string[],
  out: (line: string) => void,
  target?: (options: { local: boolean; outputs: string; userPoolId?: string }) => Target,
): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      email: { type: 'string' },
      username: { type: 'string' },
      organization: { type: 'string' },
      name: { type: 'string' },
      local: { type: 'boolean', default: false },
      outputs: { type: 'string', default: 'cdk-outputs.json' },
      'user-pool-id': { type: 'string' },
      'audit-table': { type: 'string' },
    },
  });
  const [command, ...extra] = positionals;
  if (!command || extra.length > 0 || !['create', 'list', 'disable'].includes(command)) {
    throw new UsageError(usage);
  }
  const pick =
    target ??
    ((options) =>
      options.local
        ? localTarget(resolveDataDir())
        : (() => {
            const userPoolId = options.userPoolId ?? userPoolFromOutputs(resolve(options.outputs));
            const region = userPoolId.split('_')[0];
            const tableName =
              values['audit-table'] ?? stackOutput(resolve(options.outputs), 'AuditTableName');
            return {
              client: new CognitoIdentityProviderClient({ region }),
              userPoolId,
              local: false,
              ...(tableName
                ? {
                    audit: new DynamoAuditTrail({
                      client: documentClient(new DynamoDBClient({ region })),
                      tableName,
                    }),
                  }
                : {}),
            };
          })());
  const { client, userPoolId, local, audit } = pick({
    local: values.local ?? false,
    outputs: values.outputs ?? 'cdk-outputs.json',
    ...(values['user-pool-id'] ? { userPoolId: values['user-pool-id'] } : {}),
  });
  try {
    if (command === 'list') {
      for (const user of await listUsers(client, userPoolId)) {
        out(
          [
            // In AWS the user name is a UUID; the e-mail is what `disable --email` takes.
            user.email ?? user.username,
            user.roles.join(',') || '-',
            user.organizationId ?? '-',
            user.enabled ? 'enabled' : 'disabled',
            user.status,
            user.name ?? '',
          ].join('\t'),
        );
      }
      return;
    }
    // In AWS the pool signs in by e-mail: the e-mail is the user name. Locally a plain name is allowed.
    const username = values.email ?? (local ? values.username : undefined);
    if (!username) throw new UsageError(`--email is required\n${usage}`);
    // In the deployed stack every change is recorded, as through the API: refuse before changing anything.
    if (!local && !audit) {
      throw new UsageError(
        `No AuditTableName in the outputs file: pass --audit-table <name> (the stack's audit table)\n${usage}`,
      );
    }
    const record = async (
      entry: (sub: string, at: string) => Parameters<AuditTrail['appendStaffEntry']>[0],
      sub?: string,
    ) => {
      if (!audit) return;
      // Cognito names every account it creates or holds by `sub`; without it there is nothing to record by.
      if (!sub)
        throw new Error(`Cognito did not say the account's sub; the change to ${username} is not recorded`);
      await audit.appendStaffEntry(entry(sub, new Date().toISOString()));
    };
    if (command === 'disable') {
      const { sub, wasEnabled } = await disableUser(client, userPoolId, username);
      // As the API: disabling a disabled account changes nothing and records nothing.
      if (wasEnabled) await record((s, at) => staffDisabled(s, at, cliActor), sub);
      out(
        wasEnabled
          ? `Disabled ${username}: they can no longer sign in, and their refresh tokens stop working.`
          : `${username} was already disabled.`,
      );
      return;
    }
    const role = values.role;
    if (!role || !(roles as readonly string[]).includes(role))
      throw new UsageError(`--role is required\n${usage}`);
    const created = await createUser(
      client,
      userPoolId,
      {
        username,
        role: role as Role,
        ...(values.email ? { email: values.email } : {}),
        ...(values.name ? { name: values.name } : {}),
        ...(values.organization ? { organizationId: values.organization } : {}),
      },
      { delivery: local ? { kind: 'temporary' } : { kind: 'invite' } },
    );
    await record(
      (sub, at) =>
        staffInvited(
          {
            sub,
            role: role as Role,
            ...(values.organization ? { organizationId: values.organization } : {}),
          },
          at,
          cliActor,
        ),
      created.sub,
    );
    out(
      created.temporaryPassword
        ? `Created ${username} (${role}); temporary password ${created.temporaryPassword}, to be changed at first sign-in.`
        : `Invited ${username} (${role}): Cognito e-mails a temporary password, to be changed at first sign-in.`,
    );
  } finally {
    client.destroy();
  }
}
