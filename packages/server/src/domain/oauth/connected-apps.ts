// The apps an earner has connected through the OB 3.0 API (one per live grant), and disconnecting one:
// the grant and every code, access and refresh token issued under it go at once, so the app's next call
// is refused.
import { repos } from '../../storage/repositories/index.ts';
import type { UserActor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import type { AuthorizationServer } from './authorization-server.ts';
import { appOf, type ConnectingApp } from './consent.ts';
import { describeScopes } from './scopes.ts';

export interface ConnectedApp {
  readonly grantId: string;
  readonly app: ConnectingApp;
  readonly scopes: ReturnType<typeof describeScopes>;
  readonly connectedAt: string | null;
}

function epochIso(v: unknown): string | null {
  return typeof v === 'number' ? new Date(v * 1000).toISOString() : null;
}

/** `server` is asked for only when there are grants to describe (making it the first time creates its key). */
export async function listConnectedApps(deps: Deps, server: () => Promise<AuthorizationServer>, actor: UserActor): Promise<ConnectedApp[]> {
  const grants = await repos(deps.db).oauthModels.grantsOf(actor.userId, nowIso(deps));
  if (!grants.length) return [];
  const as = await server();
  const apps = await Promise.all(
    grants.map(async (g) => {
      const resources = (g.payload.resources ?? {}) as Record<string, string>;
      return { grantId: g.id, app: await appOf(as, String(g.payload.clientId ?? '')), scopes: describeScopes(resources[as.resource]), connectedAt: epochIso(g.payload.iat) };
    }),
  );
  return apps.sort((a, b) => (b.connectedAt ?? '').localeCompare(a.connectedAt ?? '') || a.grantId.localeCompare(b.grantId));
}

export async function disconnectApp(deps: Deps, server: () => Promise<AuthorizationServer>, actor: UserActor, input: { grantId: string }): Promise<ConnectedApp> {
  const found = (await listConnectedApps(deps, server, actor)).find((a) => a.grantId === input.grantId);
  if (!found) throw notFound('That connected app');
  await inTransaction(deps, async (r) => {
    await r.oauthModels.destroyByGrant(input.grantId);
    await r.oauthModels.destroy('Grant', input.grantId);
    await audit(r, { actor, at: nowIso(deps), action: 'oauth.app_disconnected', subjectType: 'oauth_client', subjectId: found.app.clientId, data: { app: found.app.name, grantId: input.grantId } });
  });
  return found;
}
