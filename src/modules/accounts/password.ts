/** Password hashing with argon2id (OWASP parameters: 19 MiB memory, 2 iterations). */
import { hash, verify } from '@node-rs/argon2';
import crypto from 'node:crypto';
import { AppError } from '../../contracts/errors.ts';

const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
export const MIN_PASSWORD_LENGTH = 10;

export async function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new AppError('PASSWORD_TOO_WEAK');
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A readable one-time password: 16 characters without look-alikes (0/O, 1/l/I). */
export function generateOneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(16);
  return [...bytes].map((byte) => alphabet[byte % alphabet.length]).join('');
}

// Verifying against a fixed hash when the username is unknown keeps the response time the same.
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash('not-a-real-password-0000', OPTIONS);
  return dummyHash;
}
