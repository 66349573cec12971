// The messages Laurel signs as an LTI tool, and the keys it signs them with: an RSA key pair per
// rotation (RS256, what every platform accepts), the public JWK Set a platform fetches from
// /lti/jwks.json, and the LtiDeepLinkingResponse (LTI Deep Linking 2.0 §4.2) that hands the platform the
// badge an instructor placed. jose does the signing; the caller opens the private key from its seal.
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { CLAIM, LTI_VERSION, type Jwks } from './lti-types.ts';

export const TOOL_KEY_ALG = 'RS256';
/** A deep-linking response is consumed at once by the browser's auto-post. */
const RESPONSE_LIFETIME_S = 600;

export interface ToolKeyPair {
  readonly privateJwk: JWK;
  /** The public half as published: kty, n, e, kid, alg, use. */
  readonly publicJwk: JWK;
}

export async function generateToolKey(kid: string): Promise<ToolKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(TOOL_KEY_ALG, { extractable: true, modulusLength: 2048 });
  const pub = await exportJWK(publicKey);
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: TOOL_KEY_ALG },
    publicJwk: { kty: pub.kty, n: pub.n, e: pub.e, kid, alg: TOOL_KEY_ALG, use: 'sig' },
  };
}

/** The JWK Set document: public keys only, whatever the caller hands in. */
export function toolJwksDocument(publicJwks: readonly Record<string, unknown>[]): Jwks {
  const PUBLIC = ['kty', 'n', 'e', 'crv', 'x', 'y', 'kid', 'alg', 'use'];
  return { keys: publicJwks.map((k) => Object.fromEntries(Object.entries(k).filter(([name]) => PUBLIC.includes(name)))) };
}

export interface ResourceLinkItem {
  readonly title: string;
  readonly text?: string;
  readonly url: string;
  readonly custom: Readonly<Record<string, string>>;
}

/**
 * The LtiDeepLinkingResponse JWT: iss is the tool's client id, aud the platform's issuer, the
 * deployment and the request's opaque `data` echoed, one ltiResourceLink content item. Signed with the
 * tool's active key (its kid in the header, so the platform picks it from Laurel's JWKS).
 */
export async function signDeepLinkingResponse(input: {
  key: { kid: string; privateJwk: JWK };
  clientId: string;
  platformIssuer: string;
  deploymentId: string;
  data: string | null;
  item: ResourceLinkItem;
  message?: string;
  now: Date;
}): Promise<string> {
  const key = await importJWK(input.key.privateJwk, TOOL_KEY_ALG);
  const iat = Math.floor(input.now.getTime() / 1000);
  const claims: Record<string, unknown> = {
    [CLAIM.messageType]: 'LtiDeepLinkingResponse',
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: input.deploymentId,
    [CLAIM.contentItems]: [{ type: 'ltiResourceLink', title: input.item.title, ...(input.item.text ? { text: input.item.text } : {}), url: input.item.url, custom: { ...input.item.custom } }],
    ...(input.data !== null ? { [CLAIM.deepLinkingData]: input.data } : {}),
    ...(input.message ? { [CLAIM.deepLinkingMessage]: input.message } : {}),
    nonce: randomBytes(16).toString('base64url'),
    azp: input.clientId,
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: TOOL_KEY_ALG, kid: input.key.kid, typ: 'JWT' })
    .setIssuer(input.clientId)
    .setAudience(input.platformIssuer)
    .setIssuedAt(iat)
    .setExpirationTime(iat + RESPONSE_LIFETIME_S)
    .setJti(randomBytes(16).toString('base64url'))
    .sign(key);
}
