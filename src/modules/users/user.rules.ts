import { InvalidError, type FieldError } from '../../shared/errors.js';

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{1,31}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkEmail(email: string, errors: FieldError[]): void {
  if (email.length > 254 || !EMAIL.test(email)) errors.push({ path: 'email', message: 'is not a valid email address' });
}

export function checkUsername(username: string, errors: FieldError[]): void {
  if (!USERNAME.test(username)) {
    errors.push({ path: 'username', message: 'must be 2-32 letters, digits, dots, dashes or underscores, starting with a letter or digit' });
  }
}

export function checkDisplayName(name: string, errors: FieldError[]): void {
  if (name.trim().length === 0 || name.length > 100) errors.push({ path: 'displayName', message: 'must be 1-100 characters' });
}

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

/** Length over composition rules (NIST 800-63B), and nothing guessable from the account itself. */
export function checkPassword(password: string, account: { email: string; username: string }, path = 'password'): FieldError[] {
  const errors: FieldError[] = [];
  if ([...password].length < PASSWORD_MIN) errors.push({ path, message: `must be at least ${PASSWORD_MIN} characters` });
  if (password.length > PASSWORD_MAX) errors.push({ path, message: `must be at most ${PASSWORD_MAX} characters` });
  const lower = password.toLowerCase();
  const local = account.email.split('@')[0]!.toLowerCase();
  if (account.username && lower.includes(account.username.toLowerCase())) errors.push({ path, message: 'must not contain the username' });
  else if (local.length >= 3 && lower.includes(local)) errors.push({ path, message: 'must not contain the email address' });
  if (/^(.)\1+$/.test(password)) errors.push({ path, message: 'must not be one repeated character' });
  return errors;
}

export function throwIfAny(errors: FieldError[]): void {
  if (errors.length > 0) throw new InvalidError(`Invalid input: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors);
}
