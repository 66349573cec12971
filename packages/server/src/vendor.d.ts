// Types for the parts of untyped packages that Laurel uses.
declare module 'qrcode' {
  interface BitMatrix {
    readonly size: number;
    get(row: number, col: number): number | boolean;
  }
  interface QRCodeModel {
    readonly modules: BitMatrix;
  }
  const QRCode: { create(text: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' }): QRCodeModel };
  export default QRCode;
}

// The parts of oidc-provider (untyped JavaScript) that Laurel's OAuth 2.0 authorization server
// (domain/oauth/) and the test OpenID Provider (test/support/oidc-op.ts) use.
declare module 'oidc-provider' {
  type Req = import('node:http').IncomingMessage;
  type Res = import('node:http').ServerResponse;
  export interface Interaction {
    readonly uid: string;
    readonly prompt: { readonly name: string; readonly reasons?: readonly string[]; readonly details: Record<string, unknown> };
    readonly params: Record<string, unknown>;
    readonly session?: { readonly accountId?: string };
    readonly grantId?: string;
    readonly returnTo: string;
  }
  export interface Grant {
    readonly jti: string;
    readonly accountId: string;
    readonly clientId: string;
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    getResourceScope(resource: string): string;
    save(): Promise<string>;
    destroy(): Promise<void>;
  }
  export interface ClientMetadata {
    readonly clientId: string;
    readonly clientName?: string;
    readonly clientUri?: string;
    readonly logoUri?: string;
    readonly policyUri?: string;
    readonly tosUri?: string;
    readonly redirectUris?: readonly string[];
    readonly scope?: string;
    metadata(): Record<string, unknown>;
  }
  export interface AccessTokenModel {
    readonly jti: string;
    readonly accountId: string;
    readonly clientId: string;
    readonly grantId: string;
    readonly scope?: string;
    readonly aud?: string | string[];
    readonly exp?: number;
  }
  export interface KoaContextWithOIDC {
    readonly oidc: {
      readonly client: { readonly clientId: string };
      readonly session: { readonly accountId?: string; grantIdFor(clientId: string): string | undefined };
      readonly result?: { readonly consent?: { readonly grantId?: string } };
      readonly provider: Provider;
    };
  }
  export interface Account {
    readonly accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>>;
  }
  export interface AdapterPayload extends Record<string, unknown> {
    grantId?: string;
    uid?: string;
    userCode?: string;
    accountId?: string;
    clientId?: string;
    client_id?: string;
    consumed?: number;
  }
  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }
  export const errors: Record<string, new (description?: string, detail?: string) => Error> & {
    InvalidTarget: new (description?: string) => Error;
  };
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    readonly issuer: string;
    proxy: boolean;
    readonly Grant: { new (init: { clientId: string; accountId: string }): Grant; find(id: string): Promise<Grant | undefined> };
    readonly AccessToken: { find(token: string): Promise<AccessTokenModel | undefined> };
    readonly Client: { find(id: string): Promise<ClientMetadata | undefined> };
    callback(): (req: Req, res: Res) => void;
    interactionDetails(req: Req, res: Res): Promise<Interaction>;
    interactionResult(req: Req, res: Res, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<string>;
    interactionFinished(req: Req, res: Res, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}
