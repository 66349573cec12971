// base58btc (the Bitcoin alphabet) for multibase 'z' proof values and keys. The signing and verification
// templates run it on every credential, so it is the O(n²) loop over bytes in limbs of five digits (no BigInt); a test
// compares it with base58-universal, the Digital Bazaar libraries' encoder.
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const LIMB = 58 ** 5;
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

export function base58btcEncode(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  // Little-endian limbs of five base-58 digits each (58^5 < 2^30, so limb × 256 + carry stays exact).
  const limbs: number[] = [];
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i]!;
    for (let j = 0; j < limbs.length; j++) {
      const x = limbs[j]! * 256 + carry;
      carry = Math.floor(x / LIMB);
      limbs[j] = x - carry * LIMB;
    }
    while (carry > 0) {
      limbs.push(carry % LIMB);
      carry = Math.floor(carry / LIMB);
    }
  }
  let digits = '';
  for (let j = 0; j < limbs.length; j++) {
    let v = limbs[j]!;
    for (let d = 0; d < 5; d++) {
      digits = ALPHABET[v % 58]! + digits;
      v = Math.floor(v / 58);
    }
  }
  let start = 0;
  while (start < digits.length && digits[start] === '1') start++;
  return '1'.repeat(zeros) + digits.slice(start);
}

/** Throws on a character outside the alphabet. */
export function base58btcDecode(text: string): Uint8Array {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  const bytes: number[] = [];
  for (let i = zeros; i < text.length; i++) {
    let carry = INDEX.get(text[i]!);
    if (carry === undefined) throw new Error(`Invalid base58btc character ${JSON.stringify(text[i])}`);
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j]! * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  const out = new Uint8Array(zeros + bytes.length);
  for (let k = 0; k < bytes.length; k++) out[zeros + k] = bytes[bytes.length - 1 - k]!;
  return out;
}
