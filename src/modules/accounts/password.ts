/** Password hashing with argon2id (OWASP parameters: 19 MiB memory, 2 iterations) and the password rule. */
import { hash, verify } from '@node-rs/argon2';
import crypto from 'node:crypto';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { AppError } from '../../contracts/errors.ts';

const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn's scale: 3 = "safely unguessable" (about 10^8 guesses or more), what an online attack cannot reach. */
export const MIN_PASSWORD_SCORE = 3;
/** Words every guesser of this system tries first, on top of the common dictionaries. */
const LOCAL_WORDS = ['matkhau', 'mat khau', 'cellbase', 'dangvien', 'dang vien', 'chibo', 'chi bo', 'dangbo', 'dang bo', 'quantri', 'admin', 'vietnam', 'hanoi'];

export type PasswordWeakness = 'too_short' | 'too_common' | 'contains_username';

// The dictionaries weigh a few megabytes: loaded once, at the first password chosen, not at start.
let estimator: Promise<ZxcvbnFactory> | null = null;
function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= import('@zxcvbn-ts/language-common').then(({ dictionary, adjacencyGraphs }) =>
    new ZxcvbnFactory({ dictionary: { ...dictionary, cellbase: LOCAL_WORDS }, graphs: adjacencyGraphs, maxLength: 100 }));
  return estimator;
}

/**
 * The password rule (issue 8, finding 11): at least 10 characters, a zxcvbn score of 3 or more against the common
 * passwords, names and words dictionaries, and not containing the username. Returns what is wrong, or null.
 */
export async function findPasswordWeakness(password: string, username?: string): Promise<PasswordWeakness | null> {
  if (password.length < MIN_PASSWORD_LENGTH) return 'too_short';
  const name = username?.trim().toLowerCase();
  if (name && name.length >= 3 && password.toLowerCase().includes(name)) return 'contains_username';
  const zxcvbn = await loadEstimator();
  const result = zxcvbn.check(password, name ? [name] : []);
  return result.score < MIN_PASSWORD_SCORE ? 'too_common' : null;
}

/** Refuses a password that breaks the rule with PASSWORD_TOO_WEAK and the reason in `details`. */
export async function assertPasswordAcceptable(password: string, username?: string): Promise<void> {
  const reason = await findPasswordWeakness(password, username);
  if (reason) throw new AppError('PASSWORD_TOO_WEAK', { reason, minLength: MIN_PASSWORD_LENGTH });
}

/** Hashes a newly chosen password after checking it against the rule (with the username when it is known). */
export async function hashPassword(password: string, username?: string): Promise<string> {
  await assertPasswordAcceptable(password, username);
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A readable one-time password: 16 characters without look-alikes (0/O, 1/l/I), about 92 bits: far above the rule
 * (the password-rule test checks that drawn ones pass it), so it is not checked here and stays synchronous.
 */
export function generateOneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  // Rejection sampling: 220 is the largest multiple of 55 up to 256, so every character is equally likely.
  const limit = 256 - (256 % alphabet.length);
  const chars: string[] = [];
  while (chars.length < 16) {
    for (const byte of crypto.randomBytes(32)) if (byte < limit && chars.length < 16) chars.push(alphabet[byte % alphabet.length]!);
  }
  return chars.join('');
}

// Verifying against a fixed hash when the username is unknown keeps the response time the same.
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash('not-a-real-password-0000', OPTIONS);
  return dummyHash;
}
