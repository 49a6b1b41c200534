import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import type { Mailer } from '../../shared/mailer.js';
import type { UserRecord } from '../users/index.js';
import type { AuthRepository, EmailTokenPurpose } from './auth.types.js';

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
export const opaqueToken = () => randomBytes(32).toString('base64url');
const HOUR = 3600_000;

/**
 * The mails that carry single-use links. The links lead to the client app when one is
 * configured, else to the small pages Rhythmo serves itself (src/http/account-pages.ts).
 */
export class EmailLinks {
  constructor(
    private readonly d: { repo: AuthRepository; mailer: Mailer; clock: Clock; linkBase: string },
  ) {}

  /** To the pending new address when there is one, else to the account's own. */
  async sendVerification(user: UserRecord) {
    const token = await this.issue(user.id, 'verify_email', 48 * HOUR);
    await this.d.mailer.send({
      to: user.pendingEmail ?? user.email,
      subject: 'Confirm your Rhythmo email address',
      text: `Hello ${user.displayName},\n\nConfirm your address by opening ${this.link('verify-email', token)}\n\nor with this token:\n\n${token}\n\nThe token is valid for 48 hours.\n`,
    });
  }

  async sendPasswordReset(user: UserRecord) {
    const token = await this.issue(user.id, 'reset_password', HOUR);
    await this.d.mailer.send({
      to: user.email,
      subject: 'Reset your Rhythmo password',
      text: `Hello ${user.displayName},\n\nSomeone asked to reset your password. If it was you, open ${this.link('reset-password', token)}\n\nor use this token:\n\n${token}\n\nIt is valid for one hour. If it was not you, ignore this mail.\n`,
    });
  }

  /** A change of address: the link goes to the new one, a notice to the old one (which keeps working until then). */
  async changeRequested(user: UserRecord) {
    if (!user.pendingEmail) {
      await this.d.repo.invalidateEmailTokens(user.id, 'verify_email', this.d.clock.now());
      return;
    }
    await this.sendVerification(user);
    await this.d.mailer.send({
      to: user.email,
      subject: 'Your Rhythmo email address is changing',
      text: `Hello ${user.displayName},\n\nSomeone asked to change the email address of your Rhythmo account to ${user.pendingEmail}. It changes once that address is confirmed; until then this one stays in use.\n\nIf it was not you, change your password and set your email back to this address.\n`,
    });
  }

  /** Issuing a link spends the earlier ones of the same purpose. */
  private async issue(userId: string, purpose: EmailTokenPurpose, ttlMs: number) {
    const token = opaqueToken();
    const now = this.d.clock.now();
    await this.d.repo.invalidateEmailTokens(userId, purpose, now);
    await this.d.repo.createEmailToken({ userId, purpose, tokenHash: sha256(token), expiresAt: new Date(now.getTime() + ttlMs) });
    return token;
  }

  private link(page: string, token: string) {
    return `${this.d.linkBase}/${page}?token=${encodeURIComponent(token)}`;
  }
}
