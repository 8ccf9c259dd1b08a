import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt cost: N = 2^logN, block size r, parallelism p. Memory used is 128 · N · r bytes. */
export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

/** 2^15 · 8 · 128 B = 32 MiB and ~0.1 s per hash on the project's machines (RFC 7914 §2; OWASP: N ≥ 2^15, r 8, p 1). */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { logN: 15, r: 8, p: 1 };
/** Bounds for a hash read from the users file, so an edited file cannot make one login take minutes or gigabytes. */
const LIMITS = { logN: [14, 20], r: [1, 32], p: [1, 16] } as const;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

/** PHC string format: `$scrypt$ln=15,r=8,p=1$<salt>$<hash>`, base64 without padding. */
const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{16,88})\$([A-Za-z0-9+/]{43})$/;

export class PasswordPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PasswordPolicyError';
  }
}

/** Passwords are compared as NFC: Vietnamese keyboards send the same letters as NFC or NFD. */
function normalise(password: string): Buffer {
  return Buffer.from(password.normalize('NFC'), 'utf8');
}

export function checkPasswordPolicy(password: string): void {
  const length = [...password.normalize('NFC')].length;
  if (length < MIN_PASSWORD_LENGTH) throw new PasswordPolicyError(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  if (length > MAX_PASSWORD_LENGTH) throw new PasswordPolicyError(`a password has at most ${MAX_PASSWORD_LENGTH} characters`);
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  checkPasswordPolicy(password);
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(normalise(password), salt, params);
  return `$scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${b64(salt)}$${b64(hash)}`;
}

export function isPasswordHash(encoded: string): boolean {
  return parse(encoded) !== undefined;
}

/** Constant-time comparison of the derived key; false for a wrong password or an unusable hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parse(encoded);
  if (parsed === undefined || password.length > MAX_PASSWORD_LENGTH * 4) return false;
  const derived = await derive(normalise(password), parsed.salt, parsed.params);
  return derived.length === parsed.hash.length && timingSafeEqual(derived, parsed.hash);
}

let dummyHash: Promise<string> | undefined;

/** Computes the hash unknown users are checked against ahead of the first sign-in, so even that one takes no longer. */
export function prepareDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64'));
  return dummyHash;
}

/** Spends the time of one verification, so an unknown user id answers as slowly as a wrong password. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(password, await prepareDummyHash());
  return false;
}

function parse(encoded: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | undefined {
  const match = PHC.exec(encoded);
  if (!match) return undefined;
  const params = { logN: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  if (params.logN < LIMITS.logN[0] || params.logN > LIMITS.logN[1]) return undefined;
  if (params.r < LIMITS.r[0] || params.r > LIMITS.r[1] || params.p < LIMITS.p[0] || params.p > LIMITS.p[1]) return undefined;
  const salt = Buffer.from(match[4]!, 'base64');
  const hash = Buffer.from(match[5]!, 'base64');
  if (salt.length < SALT_BYTES || hash.length !== HASH_BYTES) return undefined;
  return { params, salt, hash };
}

function derive(password: Buffer, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r };
  return new Promise((resolve, reject) => {
    scrypt(password, salt, HASH_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}
