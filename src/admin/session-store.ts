import session from 'express-session';
import { QueryTypes } from 'sequelize';
import type { Database } from '../db/index.js';

type Callback<T = void> = (err?: unknown, value?: T) => void;

const DAY = 86_400_000;

/**
 * express-session's store on the admin_sessions table, so panel sessions survive restarts
 * and are shared by every process on the database. Expired rows are swept now and then.
 */
export class DatabaseSessionStore extends session.Store {
  private writes = 0;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
  }

  override get(sid: string, cb: Callback<session.SessionData | null>): void {
    this.db.sequelize
      .query<{ data: string; expires_at: string | Date }>('SELECT data, expires_at FROM admin_sessions WHERE sid = :sid', { type: QueryTypes.SELECT, replacements: { sid } })
      .then((rows) => {
        const row = rows[0];
        if (!row || new Date(row.expires_at) <= this.now()) return cb(null, null);
        cb(null, JSON.parse(row.data) as session.SessionData);
      }, cb);
  }

  override set(sid: string, data: session.SessionData, cb: Callback = () => undefined): void {
    this.upsert(sid, data).then(() => cb(), cb);
  }

  override touch(sid: string, data: session.SessionData, cb: Callback = () => undefined): void {
    this.db.sequelize
      .query('UPDATE admin_sessions SET expires_at = :expires WHERE sid = :sid', { replacements: { sid, expires: this.expiry(data) } })
      .then(() => cb(), cb);
  }

  override destroy(sid: string, cb: Callback = () => undefined): void {
    this.db.sequelize.query('DELETE FROM admin_sessions WHERE sid = :sid', { replacements: { sid } }).then(() => cb(), cb);
  }

  private expiry(data: session.SessionData): Date {
    const expires = data.cookie?.expires;
    return expires ? new Date(expires) : new Date(this.now().getTime() + DAY);
  }

  private async upsert(sid: string, data: session.SessionData) {
    // ON CONFLICT ... DO UPDATE is the same on PostgreSQL and SQLite >= 3.24.
    await this.db.sequelize.query(
      `INSERT INTO admin_sessions (sid, data, expires_at) VALUES (:sid, :data, :expires)
       ON CONFLICT (sid) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`,
      { replacements: { sid, data: JSON.stringify(data), expires: this.expiry(data) } },
    );
    if (++this.writes % 100 === 1) {
      await this.db.sequelize.query('DELETE FROM admin_sessions WHERE expires_at < :now', { replacements: { now: this.now() } });
    }
  }
}
