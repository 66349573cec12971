// Multi-factor building blocks shared by the MFA use cases: TOTP (RFC 6238: 30-second steps, 6 digits,
// one step either side accepted) on the injected clock, the sealed secret, recovery codes, the QR code,
// and the policy setting saying whose roles require a second factor.
import { randomBytes } from 'node:crypto';
import { authenticator } from 'otplib';
import QRCode from 'qrcode';
import type { Repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { hashToken } from '../ids.ts';
import type { Membership } from '../../storage/repositories/users.ts';
import { REGENTS_ROLES } from '../../shared/roles.ts';

export const STEP_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;
export const CHALLENGE_MS = 5 * 60_000;
/** Settings key; absent means on (the default for a new database). */
export const MFA_REQUIRED_SETTING = 'accounts.mfa_required_for_staff';

function totpAt(deps: Pick<Deps, 'clock'>) {
  return authenticator.clone({ epoch: deps.clock().getTime(), step: STEP_SECONDS, window: 1, digits: 6 });
}

export function newTotpSecret(): string {
  return authenticator.generateSecret(20);
}

/** The accepted 30-second step for a code, or null when it does not match this step or a neighbour. */
export function matchingStep(deps: Pick<Deps, 'clock'>, secret: string, code: string): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpAt(deps).checkDelta(token, secret);
  if (delta === null) return null;
  return Math.floor(deps.clock().getTime() / 1000 / STEP_SECONDS) + delta;
}

/** The code an authenticator shows now (tests and the demo use it). */
export function currentCode(deps: Pick<Deps, 'clock'>, secret: string): string {
  return totpAt(deps).generate(secret);
}

export function sealingContext(userId: string): string {
  return `laurel:user_mfa:${userId}`;
}

export function sealSecret(deps: Pick<Deps, 'secrets'>, userId: string, secret: string): string {
  return deps.secrets.seal(secret, sealingContext(userId));
}

export function openSecret(deps: Pick<Deps, 'secrets'>, userId: string, sealed: string): string {
  return deps.secrets.open(sealed, sealingContext(userId));
}

export function otpauthUri(deps: Pick<Deps, 'config'>, email: string, secret: string): string {
  const issuer = `Laurel (${new URL(deps.config.publicUrl).host})`;
  return authenticator.keyuri(email, issuer, secret);
}

/** The otpauth:// URI as an SVG drawn from qrcode's module matrix (served inline, no image codec). */
export function qrSvg(text: string): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const quiet = 4;
  let path = '';
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (modules.get(y, x)) path += `M${x + quiet} ${y + quiet}h1v1h-1z`;
  const size = n + quiet * 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="220" height="220" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}

const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten codes of 10 characters from a 31-letter alphabet (about 49 bits each), shown once as xxxxx-xxxxx. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    const s = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]+/g, '');
}

export function recoveryCodeHash(code: string): string {
  return hashToken(`laurel:recovery:${normalizeRecoveryCode(code)}`);
}

export async function storeNewRecoveryCodes(r: Repos, userId: string, at: string, newId: () => string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await r.mfa.replaceRecoveryCodes(userId, codes.map((c) => ({ id: newId(), hash: recoveryCodeHash(c) })), at);
  return codes;
}

export async function mfaRequiredSetting(r: Repos): Promise<boolean> {
  const v = (await r.settings.all())[MFA_REQUIRED_SETTING];
  return v !== false;
}

/** Regents roles (system admin, reviewer, chancellor) and institution administrators. */
export function rolesRequireMfa(memberships: readonly Membership[]): boolean {
  return memberships.some((m) => REGENTS_ROLES.includes(m.role) || m.role === 'institution_admin');
}

export function actorRolesRequireMfa(actor: Actor): boolean {
  return actor.kind === 'user' && rolesRequireMfa(actor.memberships);
}

/** Two-step verification is on: an authenticator app confirmed, or at least one passkey registered. */
export async function hasSecondFactor(r: Repos, userId: string): Promise<boolean> {
  if ((await r.mfa.find(userId))?.enabledAt) return true;
  return (await r.passkeys.countForUser(userId)) > 0;
}
