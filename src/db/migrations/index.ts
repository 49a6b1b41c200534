import type { Migration } from './helpers.js';
import { initialSchema } from './0001-initial-schema.js';

/**
 * Every migration, in order. Listed by hand rather than globbed so that tsc output, tsx
 * and jest all see the same set. Append; never edit one that has shipped.
 */
export const migrations: Migration[] = [initialSchema];
