// Local HTTP API JWT authorizer: checks a bearer token as API Gateway would and hands over claims as strings.
import { createLocalJWKSet, decodeJwt, errors, type JWK, type JWTPayload, jwtVerify } from 'jose';
import { localAudience, localIssuer, tokenAlgorithm } from './tokens';

export type StringClaims = Record<string, string>;

export type AuthorizerResult = { ok: true; claims: StringClaims } | { ok: false; reason: string };

export interface JwtAuthorizer {
  authorize(authorizationHeader: string | undefined): Promise<AuthorizerResult>;
}

/** A little leeway for clock skew, so a token made a moment ago is not refused as issued in the future. */
const clockToleranceSeconds = 5;

/**
 * Tokens whose signature and claims were already checked, by their exact text. A signed-in page sends the same
 * token with every request, and an RS256 verification was the largest share of the gateway's own CPU per request
 * (bench/profile.ts). Only tokens that passed are kept, so a forged one is verified (and refused) every time; a
 * kept one is still refused once it expires. Bounded, oldest first out.
 */
const verifiedTokenLimit = 1000;

export function createJwtAuthorizer(options: {
  publicJwks: JWK[];
  issuer?: string;
  audience?: string;
}): JwtAuthorizer {
  const keySet = createLocalJWKSet({ keys: options.publicJwks });
  const issuer = options.issuer ?? localIssuer;
  const audience = options.audience ?? localAudience;
  const verified = new Map<string, { claims: StringClaims; expiresAt: number }>();
  return {
    async authorize(header) {
      const token = bearerToken(header);
      if (!token) return { ok: false, reason: 'Missing bearer token' };
      const known = verified.get(token);
      // A copy: the claims become part of one request's event, which its handler may change.
      if (known && Date.now() / 1000 < known.expiresAt + clockToleranceSeconds)
        return { ok: true, claims: { ...known.claims } };
      verified.delete(token);
      try {
        const { payload } = await jwtVerify(token, keySet, {
          algorithms: [tokenAlgorithm],
          issuer,
          audience,
          requiredClaims: ['exp', 'iat', 'sub'],
          clockTolerance: clockToleranceSeconds,
        });
        if ((payload.iat ?? 0) > Date.now() / 1000 + clockToleranceSeconds) {
          return { ok: false, reason: 'Token issued in the future' };
        }
        // Cognito access tokens carry no groups for us to trust; only ID tokens are accepted.
        if (payload.token_use !== 'id') return { ok: false, reason: 'Token is not an ID token' };
        const claims = flattenClaims(payload);
        if (verified.size >= verifiedTokenLimit) verified.delete(verified.keys().next().value as string);
        verified.set(token, { claims: { ...claims }, expiresAt: payload.exp as number });
        return { ok: true, claims };
      } catch (error) {
        return { ok: false, reason: describe(error) };
      }
    },
  };
}

export interface TrustedIssuer {
  publicJwks: JWK[];
  issuer: string;
  audience: string;
}

/**
 * One authorizer for several issuers, chosen by the token's `iss`: the local signing key (`npm run token`) and
 * the local identity provider the pages sign in with. Each is checked exactly as a single-issuer authorizer.
 */
export function createMultiIssuerAuthorizer(issuers: readonly TrustedIssuer[]): JwtAuthorizer {
  const byIssuer = new Map(issuers.map((trusted) => [trusted.issuer, createJwtAuthorizer(trusted)]));
  return {
    async authorize(header) {
      const token = bearerToken(header);
      if (!token) return { ok: false, reason: 'Missing bearer token' };
      let issuer: unknown;
      try {
        issuer = decodeJwt(token).iss;
      } catch {
        return { ok: false, reason: 'Token is not valid' };
      }
      const authorizer = typeof issuer === 'string' ? byIssuer.get(issuer) : undefined;
      if (!authorizer) return { ok: false, reason: 'Token claim "iss" is not valid' };
      return authorizer.authorize(header);
    },
  };
}

/** The identity source `$request.header.Authorization`; like API Gateway, accept it with or without `Bearer`. */
function bearerToken(header: string | undefined): string | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(value);
  if (match) return match[1];
  return /\s/.test(value) ? undefined : value;
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'Token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `Token claim "${error.claim}" is not valid`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'Token signature is not valid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'Token is not signed by a known key';
  return 'Token is not valid';
}

/**
 * API Gateway passes every claim as a string: arrays as "[a b]" (so `cognito:groups` arrives as
 * "[front-committee]"), numbers and booleans as their text, objects as JSON.
 */
export function flattenClaims(payload: JWTPayload): StringClaims {
  const claims: StringClaims = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) claims[name] = `[${value.map(String).join(' ')}]`;
    else if (typeof value === 'object') claims[name] = JSON.stringify(value);
    else claims[name] = String(value);
  }
  return claims;
}
