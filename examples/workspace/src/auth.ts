import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA512. */
const ITERATIONS = 600_000;

export function hashPassword(password: string, salt = randomBytes(16).toString('hex')): string {
  const key = pbkdf2Sync(password, salt, ITERATIONS, 64, 'sha512');
  return `${salt}:${key.toString('hex')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [salt, expected] = stored.split(':');
  const actual = hashPassword(password, salt).split(':')[1];
  return timingSafeEqual(Buffer.from(actual, 'hex'), Buffer.from(expected, 'hex'));
}
