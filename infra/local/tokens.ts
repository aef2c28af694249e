// Local stand-in for Cognito: an RS256 key kept in DATA_DIR and ID tokens with the claims Cognito would put in.
import { createHash, randomUUID, type webcrypto } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// jose is loaded when a key is made or a token signed, not by `npm start` on a restart (see loadSigningKey).
import type { importJWK, JWK } from 'jose';
import { type Role, roles } from '../../shared/domain/roles';
import { dataPaths } from './settings';

export const localIssuer = 'pledge-tracker-local';
export const localAudience = 'pledge-tracker-local-client';
export const tokenAlgorithm = 'RS256';
export const tokenLifetimeSeconds = 12 * 60 * 60;

/** Fixed namespace for name-based (v5) UUIDs, so a role and organization always get the same `sub`. */
const subNamespace = '8f6b1c2e-4a51-4d0c-9a57-3c1e2b7d9f10';

type PrivateKey = Awaited<ReturnType<typeof importJWK>>;

export interface LocalSigningKey {
  kid: string;
  privateKey: PrivateKey;
  /** The public half as a JWK, what a JWKS endpoint would publish. */
  publicJwk: JWK;
}

export class MissingOrganizationError extends Error {
  readonly code = 'local.missingOrganizationId';
  constructor() {
    super(
      'The organization role needs an organization id: npm run --silent token -- organization <organizationId>',
    );
  }
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export function signingKeyFile(dataDir: string): string {
  return join(dataPaths.keys(dataDir), 'local-signing-key.json');
}

/** Reads the key from DATA_DIR, creating it on first use; safe when two processes do this at once. */
export async function loadSigningKey(dataDir: string): Promise<LocalSigningKey> {
  const file = signingKeyFile(dataDir);
  const jwk = readJwk(file) ?? (await createKeyFile(dataDir));
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
  // What jose's importJWK(jwk, 'RS256') does, without loading jose's 180 modules on every start.
  const { alg: _alg, use: _use, ...keyData } = jwk;
  const privateKey = await crypto.subtle.importKey(
    'jwk',
    keyData as webcrypto.JsonWebKey,
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    jwk.ext ?? false,
    (jwk.key_ops ?? ['sign']) as webcrypto.KeyUsage[],
  );
  return { kid: String(jwk.kid), privateKey, publicJwk };
}

function readJwk(file: string): JWK | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Cannot read the local signing key ${file}: delete it to make a new one`, {
      cause: error,
    });
  }
}

async function createKeyFile(dataDir: string): Promise<JWK> {
  const { calculateJwkThumbprint, exportJWK, generateKeyPair } = await import('jose');
  const file = signingKeyFile(dataDir);
  const { privateKey } = await generateKeyPair(tokenAlgorithm, { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  const { kty, n, e } = jwk;
  jwk.kid = await calculateJwkThumbprint({ kty, n, e });
  jwk.alg = tokenAlgorithm;
  jwk.use = 'sig';
  mkdirSync(dataPaths.keys(dataDir), { recursive: true, mode: 0o700 });
  // Write aside, then link into place: link fails if another process won the race, and then its key is used.
  const temporary = `${file}.${randomUUID()}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600 });
  try {
    linkSync(temporary, file);
    return jwk;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = readJwk(file);
    if (!winner) throw error;
    return winner;
  } finally {
    unlinkSync(temporary);
  }
}

export interface TokenRequest {
  role: Role;
  organizationId?: string;
  /**
   * Another person in the same role (their own `sub` and username), e.g. a second front-committee member
   * to verify a handover the first recorded; absent, one person per role (and organization).
   */
  person?: string;
  /** Seconds from now; negative makes an expired token (for tests). */
  expiresIn?: number;
  audience?: string;
  issuer?: string;
}

/** An ID token shaped like Cognito's: `cognito:groups`, `custom:organizationId`, `token_use: id`. */
export async function issueToken(key: LocalSigningKey, request: TokenRequest): Promise<string> {
  const { role, organizationId, person } = request;
  if (role === 'organization' && !organizationId) throw new MissingOrganizationError();
  const { SignJWT } = await import('jose');
  const now = Math.floor(Date.now() / 1000);
  const identity = `${organizationId ? `${role}:${organizationId}` : role}${person ? `:${person}` : ''}`;
  return new SignJWT({
    'cognito:groups': [role],
    'cognito:username': `local-${identity.replaceAll(':', '-')}`,
    ...(organizationId ? { 'custom:organizationId': organizationId } : {}),
    token_use: 'id',
    auth_time: now,
  })
    .setProtectedHeader({ alg: tokenAlgorithm, kid: key.kid, typ: 'JWT' })
    .setSubject(uuidV5(identity))
    .setIssuer(request.issuer ?? localIssuer)
    .setAudience(request.audience ?? localAudience)
    .setIssuedAt(now)
    .setExpirationTime(now + (request.expiresIn ?? tokenLifetimeSeconds))
    .sign(key.privateKey);
}

/** RFC 9562 name-based UUID (SHA-1), so the same local identity keeps the same `sub` across runs. */
function uuidV5(name: string): string {
  const namespace = Buffer.from(subNamespace.replaceAll('-', ''), 'hex');
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
