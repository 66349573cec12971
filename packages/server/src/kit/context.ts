// What the web pages and the API find on every Fastify app and request. The composition root
// (app/build-app.ts) decorates the app with a LaurelContext; kit/auth.ts fills in the request's actor.
import type { Config } from '../config.ts';
import type { Actor } from '../domain/actor.ts';
import type { Deps } from '../domain/deps.ts';
import type { AuthorizationServer } from '../domain/oauth/authorization-server.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    authVia: 'session' | 'token' | null;
    csrfSeed: string;
  }
  interface FastifyInstance {
    laurel: LaurelContext;
  }
}

/** The job worker as pages and tests see it: wake it after queuing work, or drain it (tests). */
export interface JobRunner {
  wake(): void;
  drain(): Promise<void>;
  /** For /readyz: stopped or not, polling on its own or not, and its last poll (by the app's clock). */
  health(): { readonly running: boolean; readonly polling: boolean; readonly lastBeatAt: Date | null };
}

export interface MailReader {
  close(): void;
}

export interface LaurelContext {
  readonly deps: Deps;
  readonly config: Config;
  readonly worker: JobRunner;
  readonly csrfKey: Buffer;
  /** "METHOD /url" of every route, recorded as routes are added (the OpenAPI test compares with it). */
  readonly routes: string[];
  /** The OAuth 2.0 authorization server of the OB 3.0 API, made on first use (its key is read or created then). */
  readonly oauth: () => Promise<AuthorizationServer>;
}

export const BODY_LIMIT = 1024 * 1024;
