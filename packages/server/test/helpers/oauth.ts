// An OAuth 2.0 client of Laurel's OB 3.0 API for tests, over app.inject: a cookie jar like a browser's
// (for the authorization and consent steps), PKCE S256, and the official OpenAPI file's schemas to
// validate every OB API request and response against.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Client } from './app.ts';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { DEMO_PASSWORD } from '../../src/domain/seed/demo.ts';

export const HOST = 'laurel.test';
export const BASE = `http://${HOST}`;
export const REDIRECT = 'https://wallet.example/callback';
export const SCOPES = {
  read: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly',
  upsert: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert',
  profile: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly',
  profileUpdate: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.update',
};
export const ALL_SCOPES = Object.values(SCOPES).join(' ');

// The official file (copied verbatim beside the server's discovery code).
export const OPENAPI = JSON.parse(readFileSync(new URL('../../src/http/ob3/ob3-openapi.json', import.meta.url), 'utf8')) as Record<string, unknown>;

// ajv-formats is CommonJS with a default export; under NodeNext the callable sits on `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => void;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(OPENAPI, 'ob3');

/** Validates `value` against components/schemas/<name> of the official OB 3.0 OpenAPI file; returns the errors. */
export function openApiErrors(name: string, value: unknown): string[] {
  const validate = ajv.getSchema(`ob3#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  return validate(value) ? [] : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.message}`);
}

/**
 * The OB 3.0 serialization allows the compacted form (a single object where the canonical schema has an
 * array: `proof`, `credentialSchema`, `termsOfUse`…); the OpenAPI schemas are canonical, so the test
 * puts single values into arrays before validating, as 1EdTech's validator does.
 */
export function canonical(credential: Record<string, unknown>): Record<string, unknown> {
  const c = structuredClone(credential);
  for (const k of ['proof', 'credentialSchema', 'termsOfUse', 'type']) if (c[k] !== undefined && !Array.isArray(c[k])) c[k] = [c[k]];
  return c;
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Path and query of a Location on this site (the library writes absolute URLs on its own host). */
export function local(location: string | undefined): string {
  const u = new URL(String(location), BASE);
  return `${u.pathname}${u.search}`;
}

/** A browser on Laurel's public host (the authorization server writes absolute URLs on it). */
export class Browser extends Client {
  constructor(app: FastifyInstance) {
    super(app, { host: HOST });
  }

  /** Signs in from the sign-in page that `next` leads back from, as the consent step does. */
  async signInFor(email: string, next: string): Promise<void> {
    await this.get(`/sign-in?next=${encodeURIComponent(next)}`);
    const res = await this.post('/sign-in', { email, password: DEMO_PASSWORD, next });
    if (res.statusCode !== 303) throw new Error(`sign-in failed: ${res.statusCode}`);
  }
}

export interface RegisteredClient {
  readonly client_id: string;
  readonly client_secret: string;
}

export async function register(app: FastifyInstance, metadata: Record<string, unknown> = {}): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/oauth/reg',
    headers: { host: HOST, 'content-type': 'application/json' },
    payload: JSON.stringify({
      client_name: 'Test Wallet',
      client_uri: 'https://wallet.example/',
      logo_uri: 'https://wallet.example/logo.png',
      tos_uri: 'https://wallet.example/terms',
      policy_uri: 'https://wallet.example/privacy',
      software_id: 'c88b6ed8-269e-448e-99be-7e2ff47167d1',
      software_version: 'v4.2.1',
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: ALL_SCOPES,
      ...metadata,
    }),
  });
}

export function basic(c: RegisteredClient): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(c.client_id)}:${encodeURIComponent(c.client_secret)}`).toString('base64')}`;
}

export async function tokenRequest(app: FastifyInstance, c: RegisteredClient | null, form: Record<string, string>, auth?: string): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { host: HOST, 'content-type': 'application/x-www-form-urlencoded', ...(auth || c ? { authorization: auth ?? basic(c!) } : {}) },
    payload: new URLSearchParams(form).toString(),
  });
}

export function authorizeUrl(c: { client_id: string }, o: { challenge?: string; scope?: string; state?: string; redirectUri?: string; method?: string }): string {
  const q = new URLSearchParams({ response_type: 'code', client_id: c.client_id, redirect_uri: o.redirectUri ?? REDIRECT, scope: o.scope ?? ALL_SCOPES, state: o.state ?? 'st-1' });
  if (o.challenge) {
    q.set('code_challenge', o.challenge);
    q.set('code_challenge_method', o.method ?? 'S256');
  }
  return `/oauth/auth?${q}`;
}
