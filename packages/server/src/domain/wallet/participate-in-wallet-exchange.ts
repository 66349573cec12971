// The wallet's side of an "Add to wallet" exchange (VC-API exchanges, as the DCC Learner Credential
// Wallet runs them; docs/WALLETS.md). Step 1: any body without a presentation (LCW posts `{}`) gets a
// DIDAuthentication request with the exchange's challenge and Laurel's origin as domain. Step 2: the
// wallet's `{ verifiablePresentation }` must carry an authentication proof (Data Integrity
// eddsa-rdfc-2022, or the Ed25519Signature2020 LCW signs with by default) over that challenge and domain
// by the holder's did:key; then the exchange completes (once: a conditional UPDATE) with its audit
// event, and the award's credential is returned inside a presentation, as it was signed. Nobody is signed in: the exchange's unguessable id is the capability.
import { repos } from '../../storage/repositories/index.ts';
import type { Award } from '../../storage/repositories/awards.ts';
import type { UserActor } from '../actor.ts';
import { audit } from '../audit.ts';
import { verifyPresentationHere } from '../credentials/verify-credential.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { exchangeUrl, publicOrigin, usableExchange, type WalletExchange } from './exchange.ts';

const VC_V2 = 'https://www.w3.org/ns/credentials/v2';

export type WalletExchangeAnswer =
  /** Step 1: `{ verifiablePresentationRequest }`, a JSON object. */
  | { readonly step: 'request'; readonly body: object }
  /** Step 2: `{ verifiablePresentation }` as JSON text, with the stored credential's bytes inside it unchanged. */
  | { readonly step: 'credential'; readonly json: string };

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The presentation a wallet sent: `{ verifiablePresentation }` (VC-API), or a bare presentation (older DCC clients). */
function presentationOf(body: unknown): Obj | undefined {
  if (!isObj(body)) return undefined;
  if (isObj(body.verifiablePresentation)) return body.verifiablePresentation;
  // A presentation that is there but not a JSON-LD object (an enveloped or JWT one) is refused, not mistaken for step 1.
  if (body.verifiablePresentation !== undefined) throw new DomainError('wallet_presentation_refused', 'The verifiablePresentation must be a JSON object signed with eddsa-rdfc-2022 or Ed25519Signature2020.');
  const type = body.type;
  return (Array.isArray(type) ? type.includes('VerifiablePresentation') : type === 'VerifiablePresentation') ? body : undefined;
}

/** The DIDAuthentication request (VC-API / VP Request Spec), naming the cryptosuite Laurel prefers (VCALM acceptedCryptosuites); LCW’s Ed25519Signature2020 is accepted too. */
function didAuthRequest(deps: Deps, exchange: WalletExchange): object {
  const url = exchangeUrl(deps.config, exchange.id);
  return {
    verifiablePresentationRequest: {
      query: [{ type: 'DIDAuthentication', acceptedMethods: [{ method: 'key' }], acceptedCryptosuites: [{ cryptosuite: 'eddsa-rdfc-2022' }] }],
      challenge: exchange.challenge,
      domain: publicOrigin(deps.config),
      interact: { service: [{ type: 'UnmediatedHttpPresentationService2021', serviceEndpoint: url }] },
    },
  };
}

/** Verifies the wallet's DIDAuth presentation; the holder's did:key, or a refusal naming the failed checks. */
async function authenticatedHolder(deps: Deps, exchange: WalletExchange, vp: Obj): Promise<string> {
  const report = await verifyPresentationHere(deps, vp, { challenge: exchange.challenge, domain: publicOrigin(deps.config) });
  const failed = report.checks.filter((c) => c.status !== 'passed');
  if (!report.verified || !report.holder) {
    throw new DomainError('wallet_presentation_refused', `The wallet's DID authentication was not accepted: ${failed.map((c) => `${c.id}: ${c.message}`).join('; ') || 'no holder'}.`, {}, { checks: failed });
  }
  if (!report.holder.startsWith('did:key:')) throw new DomainError('wallet_presentation_refused', `The wallet authenticated as ${report.holder}; Laurel accepts did:key holders only.`);
  return report.holder;
}

async function deliver(deps: Deps, exchange: WalletExchange, award: Award, holderDid: string): Promise<string> {
  const now = nowIso(deps);
  const user = await repos(deps.db).users.findById(exchange.userId);
  const actor: UserActor = { kind: 'user', userId: exchange.userId, email: user?.email ?? '', name: user?.name ?? '', memberships: [] };
  await inTransaction(deps, async (tr) => {
    if (!(await tr.walletExchanges.complete({ id: exchange.id, challenge: exchange.challenge, holderDid, now }))) {
      const again = await tr.walletExchanges.find(exchange.id);
      if (again?.state === 'completed') throw new DomainError('wallet_exchange_used', 'This code was already used to add the badge to a wallet.');
      throw new DomainError('wallet_exchange_expired', 'This code expired or was replaced while the wallet was answering. Make a new code on the badge page.');
    }
    await audit(tr, { actor, at: now, action: 'award.sent_to_wallet', subjectType: 'award', subjectId: award.id, organizationId: award.organizationId, data: { holder: holderDid, exchangeId: exchange.id } });
  });
  // The credential goes out as stored — its text spliced in, never re-serialised — so the wallet gets the exact bytes that were signed.
  return `{"verifiablePresentation":{"@context":["${VC_V2}"],"type":["VerifiablePresentation"],"verifiableCredential":[${award.credential}]}}`;
}

export async function participateInWalletExchange(deps: Deps, input: { exchangeId: string; body: unknown }): Promise<WalletExchangeAnswer> {
  const { exchange, award } = await usableExchange(deps, input.exchangeId);
  const vp = presentationOf(input.body);
  if (!vp) return { step: 'request', body: didAuthRequest(deps, exchange) };
  const holderDid = await authenticatedHolder(deps, exchange, vp);
  return { step: 'credential', json: await deliver(deps, exchange, award, holderDid) };
}
