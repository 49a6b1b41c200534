import fc from 'fast-check';
import { deref, type Schema } from './operations.js';

/**
 * Values for a JSON schema of the document: `valid` ones meet it (formats, patterns, bounds),
 * `hostile` ones are anything a client could send instead.
 *
 * Strings come from full Unicode graphemes, printable ASCII, and any UTF-16 code units, NUL
 * and lone surrogates included (the edge answers 400 for those: src/http/safe-text.ts).
 */

const date = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });

const oddStrings = fc.oneof(
  fc.constantFrom("' OR 1=1 --", '"; DROP TABLE users; --', '../../etc/passwd', '%00', '\\', '{}', '[]', 'null', '-1', '1e309', 'NaN', '\u202e', '\ufeff', ' '),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('a\u0000b', '\ud800', 'x\udc00y'),
  fc.string({ unit: 'grapheme-ascii', minLength: 300, maxLength: 6000 }),
);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  oddStrings,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 31, 2 ** 53, -(2 ** 63), 1e308, '', [], {}),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.jsonValue({ maxDepth: 3 }),
);

function stringFor(s: Schema): fc.Arbitrary<string> {
  const min = (s.minLength as number | undefined) ?? 0;
  const max = Math.min((s.maxLength as number | undefined) ?? 60, 200);
  switch (s.format) {
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return date.map((d) => d.toISOString());
    case 'date':
      return date.map((d) => d.toISOString().slice(0, 10));
    case 'email':
      return fc.emailAddress().filter((e) => e.length <= max);
    default:
  }
  if (typeof s.pattern === 'string') return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= min && v.length <= max);
  return fc.oneof(fc.string({ minLength: min, maxLength: max }), fc.string({ unit: 'grapheme', minLength: min, maxLength: max }));
}

/** Values that meet the schema (as far as it is declared). */
export function validValue(raw: unknown, depth = 0): fc.Arbitrary<unknown> {
  const s = deref(raw) ?? {};
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  if ('const' in s) return fc.constant(s.const);
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(s[key])) return fc.oneof(...(s[key] as unknown[]).map((x) => validValue(x, depth + 1)));
  }
  if (Array.isArray(s.allOf)) return validValue(Object.assign({}, ...(s.allOf as unknown[]).map((x) => deref(x))), depth + 1);
  const types = Array.isArray(s.type) ? (s.type as string[]) : s.type ? [s.type as string] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => validValue({ ...s, type }, depth + 1)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: (s.minimum as number | undefined) ?? -1_000_000, max: (s.maximum as number | undefined) ?? 1_000_000 });
    case 'number':
      return fc.double({ min: (s.minimum as number | undefined) ?? -1e6, max: (s.maximum as number | undefined) ?? 1e6, noNaN: true });
    case 'string':
      return stringFor(s);
    case 'array': {
      const minLength = (s.minItems as number | undefined) ?? 0;
      const maxLength = Math.max(minLength, Math.min((s.maxItems as number | undefined) ?? 5, 5));
      return fc.array(depth > 4 ? fc.constant(null) : validValue(s.items, depth + 1), { minLength, maxLength });
    }
    case 'object':
    default: {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      if (!Object.keys(props).length) return types[0] === 'object' ? fc.constant({}) : hostileValue;
      const required = (s.required as string[] | undefined) ?? [];
      const record = fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validValue(v, depth + 1)])), { requiredKeys: required });
      const minProperties = (s.minProperties as number | undefined) ?? 0;
      return record.filter((o) => Object.keys(o).length >= minProperties);
    }
  }
}

/** Mostly valid values, some with one field broken, some anything at all. */
export function fuzzValue(schema: unknown): fc.Arbitrary<unknown> {
  const s = deref(schema) ?? {};
  const props = (s.properties ?? {}) as Record<string, unknown>;
  const broken = Object.keys(props).length
    ? fc.tuple(validValue(s), fc.constantFrom(...Object.keys(props), '__proto__', 'constructor', 'extra'), hostileValue).map(([v, key, bad]) => {
        const out = { ...(v as Record<string, unknown>) };
        Object.defineProperty(out, key, { value: bad, enumerable: true, writable: true, configurable: true });
        return out;
      })
    : hostileValue;
  return fc.oneof({ arbitrary: validValue(s), weight: 5 }, { arbitrary: broken, weight: 4 }, { arbitrary: hostileValue, weight: 1 });
}

/** A query or header value: a string, as on the wire. */
export function fuzzText(schema: unknown, known: string[] = []): fc.Arbitrary<string> {
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const arbs: fc.Arbitrary<string>[] = [validValue(schema).map(text), hostileValue.map(text)];
  if (known.length) arbs.push(fc.constantFrom(...known));
  return fc.oneof(...arbs);
}
