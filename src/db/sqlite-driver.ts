import sqlite3 from 'sqlite3';

/**
 * Sequelize opens one SQLite connection per transaction. Without a busy timeout a second
 * writer fails at once with SQLITE_BUSY; with it, writers queue as they would on a server.
 */
class PatientDatabase extends sqlite3.Database {
  constructor(filename: string, mode?: number, callback?: (err: Error | null) => void) {
    super(filename, mode ?? sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE, callback);
    this.configure('busyTimeout', 15_000);
  }
}

export const sqliteDriver = { ...sqlite3, Database: PatientDatabase };
