// A real software WebAuthn authenticator for tests: an EC P-256 key made with node:crypto, answers built
// as a platform authenticator builds them (W3C WebAuthn Level 3 §6.1 authenticator data, §6.5.4 "none"
// attestation, §7 client data), CBOR-encoded with @simplewebauthn/server's own isoCBOR helper. Every
// signature is genuine, so the server's checks run for real; `over` lets a test break one thing at a time.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { isoCBOR } from '@simplewebauthn/server/helpers';

const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

const b64url = (b: Uint8Array | Buffer) => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | Buffer | string) => createHash('sha256').update(b).digest();

export interface Tamper {
  /** Sign this challenge instead of the one in the options. */
  challenge?: string;
  origin?: string;
  rpId?: string;
  /** Report this signature counter instead of the next one. */
  counter?: number;
}

export class SoftAuthenticator {
  readonly credentialId = randomBytes(16);
  private readonly keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  /** The signature counter: each assertion reports one more. */
  counter = 0;

  constructor(readonly defaults: { origin: string; rpId: string }) {}

  get id(): string {
    return b64url(this.credentialId);
  }

  /** The public key as a COSE_Key map (RFC 9053 §7.1: kty EC2, alg ES256, crv P-256, x, y). */
  private coseKey(): Uint8Array {
    const jwk = this.keys.publicKey.export({ format: 'jwk' });
    return isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
  }

  private authData(rpId: string, counter: number, attested: boolean): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    const parts = [sha256(rpId), Buffer.from([UP | UV | (attested ? AT : 0)]), count];
    if (attested) {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(this.credentialId.length);
      parts.push(Buffer.alloc(16), len, this.credentialId, Buffer.from(this.coseKey()));
    }
    return Buffer.concat(parts);
  }

  private clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  /** navigator.credentials.create(), as @simplewebauthn/browser's startRegistration() returns it. */
  register(options: PublicKeyCredentialCreationOptionsJSON, over: Tamper = {}): RegistrationResponseJSON {
    const authData = this.authData(over.rpId ?? this.defaults.rpId, this.counter, true);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Uint8Array | Map<string, string>>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, string>()],
        ['authData', authData],
      ]),
    );
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(this.clientData('webauthn.create', over.challenge ?? options.challenge, over.origin ?? this.defaults.origin)),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  /** navigator.credentials.get(), as startAuthentication() returns it; signs with the private key. */
  assert(options: PublicKeyCredentialRequestOptionsJSON, over: Tamper = {}): AuthenticationResponseJSON {
    const counter = over.counter ?? this.counter + 1;
    this.counter = Math.max(this.counter, counter);
    const authData = this.authData(over.rpId ?? this.defaults.rpId, counter, false);
    const clientData = this.clientData('webauthn.get', over.challenge ?? options.challenge, over.origin ?? this.defaults.origin);
    // ES256: ECDSA over authenticatorData ‖ SHA-256(clientDataJSON), DER-encoded as WebAuthn expects.
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientData)]), this.keys.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: { clientDataJSON: b64url(clientData), authenticatorData: b64url(authData), signature: b64url(signature) },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  /** A random challenge nobody issued, base64url. */
  static strayChallenge(): string {
    return b64url(randomBytes(32));
  }
}
