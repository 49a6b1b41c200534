/** Panel forms send every value as a string; these turn them into what the services take. */
export const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const optionalText = (v: unknown): string | null | undefined => (v === undefined ? undefined : typeof v === 'string' && v.trim() !== '' ? v : null);

export function optionalInt(v: unknown): number | null | undefined {
  if (v === undefined) return undefined;
  if (v === null || v === '') return null;
  const n = Number(v);
  return Number.isInteger(n) ? n : (v as number);
}

/** Reference arrays arrive unflattened as arrays, or as one value. */
export function ids(v: unknown): string[] | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const list = Array.isArray(v) ? v : typeof v === 'object' ? Object.values(v as object) : [v];
  return list.filter((x): x is string => typeof x === 'string' && x !== '');
}
