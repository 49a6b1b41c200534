import type { ScanStatus } from '../modules/imports/index.js';
import type { Handler } from './handler.js';

const scanStatus = (s: ScanStatus) => ({ scanning: s.scanning, count: s.count, lastScan: s.lastScan?.toISOString() });

export const getScanStatus: Handler = async ({ container, actor }) => ({ scanStatus: scanStatus(container.services.libraryScan.status(actor)) });

/** Imports the configured library folders in the background; the answer is the status right after starting. */
export const startScan: Handler = async ({ container, actor }) => ({ scanStatus: scanStatus(container.services.libraryScan.start(actor)) });
