import { requireRole, type Actor } from '../../shared/actor.js';
import type { Clock } from '../../shared/clock.js';
import { InvalidError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { ImportService } from './import.service.js';

export interface ScanStatus {
  scanning: boolean;
  /** Files looked at by the running scan, or by the last one. */
  count: number;
  lastScan: Date | null;
}

/**
 * The configured library folders (LIBRARY_DIRS) imported in the background, one scan at a time,
 * for admins (Subsonic startScan / getScanStatus). The import is idempotent, so a scan of an
 * unchanged library only notes that every file is present. The status lives in this process:
 * with several workers, each answers for the scans it started.
 */
export class LibraryScan {
  private running: Promise<void> | null = null;
  private count = 0;
  private lastScan: Date | null = null;

  constructor(private readonly d: { imports: ImportService; dirs: string[]; clock: Clock; logger: Logger }) {}

  status(actor: Actor): ScanStatus {
    requireRole(actor, 'admin');
    return { scanning: this.running !== null, count: this.count, lastScan: this.lastScan };
  }

  /** Starts a scan unless one is running; either way answers with the status. */
  start(actor: Actor): ScanStatus {
    requireRole(actor, 'admin');
    if (this.d.dirs.length === 0) throw new InvalidError('No library folders to scan: set LIBRARY_DIRS', [{ path: 'LIBRARY_DIRS', message: 'is not set' }]);
    if (!this.running) {
      this.count = 0;
      this.running = this.d.imports
        .run(actor, { paths: this.d.dirs }, { onFile: () => void (this.count += 1) })
        .then((report) => this.d.logger.info({ summary: report.summary }, 'library scan finished'))
        .catch((err: unknown) => this.d.logger.error({ err }, 'library scan failed'))
        .finally(() => {
          this.running = null;
          this.lastScan = this.d.clock.now();
        });
    }
    return this.status(actor);
  }

  /** Waits for a running scan to end (shutdown, tests). */
  async settled(): Promise<void> {
    await this.running;
  }
}
