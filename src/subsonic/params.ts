import { isUuid } from '../shared/ids.js';
import { Code, SubsonicError } from './errors.js';

/**
 * A request's parameters, from the query string and a form body alike (the formPost extension).
 * A parameter that is absent is code 10; one that is present but unreadable is code 0 naming it,
 * and an id that cannot be one of ours is simply not found (70), as ids are opaque to clients.
 */
export class Params {
  constructor(private readonly values: URLSearchParams) {}

  has(name: string): boolean {
    return this.values.has(name);
  }

  optional(name: string): string | undefined {
    return this.values.get(name) ?? undefined;
  }

  required(name: string): string {
    const value = this.values.get(name);
    if (value === null) throw new SubsonicError(Code.MissingParameter, `Required parameter is missing: ${name}`);
    return value;
  }

  /** Every value of a repeated parameter (`id=1&id=2`), in order. */
  list(name: string): string[] {
    return this.values.getAll(name);
  }

  /** A Rhythmo id; anything else names nothing we have. */
  id(name: string): string {
    const value = this.required(name);
    if (value === '') throw new SubsonicError(Code.MissingParameter, `Required parameter is missing: ${name}`);
    if (!isUuid(value)) throw new SubsonicError(Code.NotFound, 'The requested data was not found');
    return value.toLowerCase();
  }

  int(name: string, o: { min?: number; max?: number; default: number }): number;
  int(name: string, o?: { min?: number; max?: number }): number | undefined;
  int(name: string, o: { min?: number; max?: number; default?: number } = {}): number | undefined {
    const raw = this.values.get(name);
    if (raw === null || raw === '') return o.default;
    const n = /^-?\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
    if (!Number.isSafeInteger(n)) throw invalid(name, 'must be a whole number');
    if (o.min !== undefined && n < o.min) throw invalid(name, `must be at least ${o.min}`);
    if (o.max !== undefined && n > o.max) throw invalid(name, `must be at most ${o.max}`);
    return n;
  }

  requiredInt(name: string, o: { min?: number; max?: number } = {}): number {
    this.required(name);
    return this.int(name, o)!;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.values.get(name)?.trim().toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw invalid(name, 'must be true or false');
  }
}

function invalid(name: string, why: string): SubsonicError {
  return new SubsonicError(Code.Generic, `Invalid value for parameter ${name}: ${why}`);
}
