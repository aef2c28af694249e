// What `npm run users -- <create|list|disable> ...` does: staff accounts in the deployed stack's user pool (read from the
// outputs file `cdk deploy --outputs-file` writes), or with --local in the local runtime's identity provider.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { type Role, roles } from '../../shared/domain/roles';
import { localAwsSettings } from '../local/dynamodb-local';
import { identityProviderFiles, type RunningIdentityProvider } from '../local/identity-provider';
import { resolveDataDir } from '../local/settings';
import { createUser, disableUser, listUsers } from './user-admin';

export const usage = [
  'usage: npm run users -- create --role <role> --email <address> [--organization <id>] [--name <full name>]',
  '       npm run users -- list',
  '       npm run users -- disable --email <address>',
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
            return {
              client: new CognitoIdentityProviderClient({ region: userPoolId.split('_')[0] }),
              userPoolId,
              local: false,
            };
          })());
  const { client, userPoolId, local } = pick({
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
    if (command === 'disable') {
      await disableUser(client, userPoolId, username);
      out(`Disabled ${username}: they can no longer sign in, and their refresh tokens stop working.`);
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
    out(
      created.temporaryPassword
        ? `Created ${username} (${role}); temporary password ${created.temporaryPassword}, to be changed at first sign-in.`
        : `Invited ${username} (${role}): Cognito e-mails a temporary password, to be changed at first sign-in.`,
    );
  } finally {
    client.destroy();
  }
}
