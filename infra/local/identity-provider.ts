// The local identity provider: cognito-local in a child process, signing with a key kept in DATA_DIR, with a user
// pool, app client, groups and demo users made on first start, and the same-origin endpoint pages sign in through.
import { type ChildProcess, fork } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { JWK } from 'jose';
import { roles } from '../../shared/domain/roles';
import { authFlows, demoUsers, tokenValidity } from '../../shared/identity';
import { createUser, generatePassword } from '../users/user-admin';
import { localAwsSettings } from './dynamodb-local';
import { type BrowserIdentityEndpoint, createBrowserIdentityEndpoint } from './identity-endpoint';
import { dataPaths, listenHost } from './settings';

/** Cognito's issuer is `https://cognito-idp.<region>.amazonaws.com/<pool id>`; locally a host that never resolves. */
export const localIdentityIssuerDomain = 'https://cognito-idp.local.invalid';
/** cognito-local writes this key id into every token header, whatever key signs it. */
const cognitoLocalKeyId = 'CognitoLocal';

const childScript = fileURLToPath(new URL('./identity-provider-child.cjs', import.meta.url));

export interface IdentityProviderFiles {
  /** The signing key, kept with the other keys even with --in-memory. */
  key: string;
  /** The demo users' password, kept so it can be read again after the first start printed it. */
  demoPassword: string;
  /** Where the running provider is, for `npm run users -- --local`; removed on stop. */
  running: string;
}

export function identityProviderFiles(dataDir: string): IdentityProviderFiles {
  return {
    key: join(dataPaths.keys(dataDir), 'identity-provider-key.json'),
    demoPassword: join(dataPaths.keys(dataDir), 'demo-password'),
    running: resolve(dataDir, 'identity-provider.json'),
  };
}

export interface RunningIdentityProvider {
  endpoint: string;
  userPoolId: string;
  clientId: string;
  region: string;
}

export interface LocalIdentityProvider extends RunningIdentityProvider {
  issuer: string;
  publicJwks: JWK[];
  /** The endpoint the pages call, on the gateway's origin; it adds what cognito-local lacks (lockout, one answer). */
  browserEndpoint: BrowserIdentityEndpoint;
  /** Set on the start that created the demo users, so it can be printed once. */
  demoPassword?: string;
  stop(): Promise<void>;
}

export interface IdentityProviderOptions {
  dataDir: string;
  inMemory?: boolean;
  /** The demo users' password on first start; random when absent. */
  demoPassword?: string;
  /** What cognito-local prints (the codes it would e-mail, e.g. for a forgotten password). */
  log?: (line: string) => void;
  logError?: (message: string, error?: unknown) => void;
  /** For tests of the lockout: the clock the browser endpoint counts failures by. */
  now?: () => number;
}

interface PoolFile {
  userPoolId: string;
  clientId: string;
}

export async function startLocalIdentityProvider(
  options: IdentityProviderOptions,
): Promise<LocalIdentityProvider> {
  const log = options.log ?? (() => {});
  const files = identityProviderFiles(options.dataDir);
  const key = loadOrCreateKey(files.key);
  const workDir = options.inMemory
    ? mkdtempSync(join(tmpdir(), 'pledge-tracker-identity-'))
    : resolve(options.dataDir, 'identity');
  const configDir = join(workDir, '.cognito');
  mkdirSync(configDir, { recursive: true, mode: 0o700 });
  writeFileSync(
    join(configDir, 'config.json'),
    `${JSON.stringify(
      {
        // Plain user names (`mttq`) as well as e-mail addresses; in AWS the pool signs in by e-mail.
        UserPoolDefaults: { UsernameAttributes: [] },
        TokenConfig: { IssuerDomain: localIdentityIssuerDomain },
        ServerConfig: { port: 0, hostname: listenHost, https: false },
      },
      null,
      2,
    )}\n`,
  );

  const child = fork(childScript, [], {
    cwd: workDir,
    // Plain CommonJS: not the parent's flags, whose `npm start` preload (launch-early.mjs, a relative path
    // that would not resolve from workDir, and which would take the port and start Java again) and tsx it
    // needs none of.
    execArgv: [],
    env: {
      ...process.env,
      IDENTITY_KEY_FILE: files.key,
      // aws-sdk v2 (a dependency of cognito-local) warns that it is in maintenance on every start.
      NODE_NO_WARNINGS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  forwardLines(child.stdout, log);
  forwardLines(child.stderr, (line) => options.logError?.(`identity provider: ${line}`));
  const stopChild = once(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    await exited;
  });
  try {
    const port = await waitForReady(child);
    const endpoint = `http://${listenHost}:${port}`;
    const client = new CognitoIdentityProviderClient({ endpoint, ...localAwsSettings });
    const poolFile = join(workDir, 'pool.json');
    let pool = readJson<PoolFile>(poolFile);
    let demoPassword: string | undefined;
    if (!pool) {
      demoPassword = options.demoPassword || readText(files.demoPassword) || generatePassword();
      pool = await createPool(client, demoPassword);
      writeSecret(files.demoPassword, `${demoPassword}\n`);
      writeFileSync(poolFile, `${JSON.stringify(pool, null, 2)}\n`);
    }
    client.destroy();
    const running: RunningIdentityProvider = { endpoint, ...pool, region: localAwsSettings.region };
    writeFileSync(files.running, `${JSON.stringify(running, null, 2)}\n`);
    const browserEndpoint = createBrowserIdentityEndpoint({
      providerEndpoint: endpoint,
      userPoolId: pool.userPoolId,
      ...(options.now ? { now: options.now } : {}),
    });
    return {
      ...running,
      issuer: `${localIdentityIssuerDomain}/${pool.userPoolId}`,
      publicJwks: [key.publicJwk],
      browserEndpoint,
      ...(demoPassword ? { demoPassword } : {}),
      stop: once(async () => {
        rmSync(files.running, { force: true });
        await stopChild();
        if (options.inMemory) rmSync(workDir, { recursive: true, force: true });
      }),
    };
  } catch (error) {
    await stopChild();
    if (options.inMemory) rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
}

async function createPool(client: CognitoIdentityProviderClient, demoPassword: string): Promise<PoolFile> {
  const created = await client.send(
    new CreateUserPoolCommand({
      PoolName: 'pledge-tracker-local',
      Schema: [{ Name: 'organizationId', AttributeDataType: 'String', Mutable: false }],
      MfaConfiguration: 'OPTIONAL',
    }),
  );
  const userPoolId = created.UserPool?.Id;
  if (!userPoolId) throw new Error('cognito-local created a user pool without an id');
  for (const role of roles) {
    await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: role }));
  }
  const appClient = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'web',
      ExplicitAuthFlows: authFlows.map((flow) => `ALLOW_${flow}` as const),
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      IdTokenValidity: tokenValidity.idHours,
      AccessTokenValidity: tokenValidity.accessHours,
      RefreshTokenValidity: tokenValidity.refreshDays,
      TokenValidityUnits: { IdToken: 'hours', AccessToken: 'hours', RefreshToken: 'days' },
    }),
  );
  const clientId = appClient.UserPoolClient?.ClientId;
  if (!clientId) throw new Error('cognito-local created an app client without an id');
  for (const user of demoUsers) {
    await createUser(
      client,
      userPoolId,
      {
        username: user.username,
        role: user.role,
        name: user.name,
        // cognito-local sends a forgotten password's code only to an e-mail address (it prints it).
        email: `${user.username}@example.invalid`,
        ...(user.organizationId ? { organizationId: user.organizationId } : {}),
      },
      { delivery: { kind: 'permanent', password: demoPassword } },
    );
  }
  return { userPoolId, clientId };
}

function waitForReady(child: ChildProcess): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`the identity provider (cognito-local) exited with ${code} before it was ready`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.once('message', (message: { ready?: boolean; port?: number }) => {
      child.removeListener('exit', onExit);
      if (message.ready && message.port) resolvePort(message.port);
      else reject(new Error('the identity provider (cognito-local) did not say its port'));
    });
  });
}

interface ProviderKey {
  privateJwk: JWK;
  publicJwk: JWK;
  privatePem: string;
  publicPem: string;
}

/** Created on first use, linked into place so that two processes cannot race (as tokens.ts does). */
function loadOrCreateKey(file: string): ProviderKey {
  const existing = readJson<ProviderKey>(file);
  if (existing) return existing;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const header = { kid: cognitoLocalKeyId, alg: 'RS256', use: 'sig' };
  const key: ProviderKey = {
    privateJwk: { ...(privateKey.export({ format: 'jwk' }) as JWK), ...header },
    publicJwk: { ...(publicKey.export({ format: 'jwk' }) as JWK), ...header },
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
  mkdirSync(resolve(file, '..'), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomUUID()}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600 });
  try {
    linkSync(temporary, file);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readJson<ProviderKey>(file) ?? key;
  } finally {
    unlinkSync(temporary);
  }
}

function writeSecret(file: string, text: string): void {
  mkdirSync(resolve(file, '..'), { recursive: true, mode: 0o700 });
  writeFileSync(file, text, { mode: 0o600 });
}

function readText(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}

export function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

function forwardLines(stream: NodeJS.ReadableStream | null, write: (line: string) => void): void {
  let buffered = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) write(line);
  });
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= action();
    return running;
  };
}
