import { loadOpenApiDocument } from '../../src/http/openapi-document.js';

export type Schema = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  parameters: Parameter[];
  /** Media type -> schema of the request body, when the operation takes one. */
  body?: { required: boolean; content: Record<string, Schema | undefined> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export const document = loadOpenApiDocument();

/** Follows `#/components/...` references (and nested ones) until a plain object is left. */
export function deref<T = Schema>(value: unknown): T {
  let v = value as Schema;
  for (let i = 0; v && typeof v.$ref === 'string' && i < 20; i++) {
    const parts = (v.$ref as string).replace(/^#\//, '').split('/');
    v = parts.reduce<Schema>((node, key) => node[key] as Schema, document as Schema);
  }
  return v as T;
}

/** Every operation of the merged document, with its path-level and operation-level parameters resolved. */
export function operations(): Operation[] {
  const out: Operation[] = [];
  for (const [path, rawItem] of Object.entries(document.paths ?? {})) {
    const item = rawItem as Record<string, unknown>;
    const shared = ((item.parameters as unknown[]) ?? []).map((p) => deref<Parameter>(p));
    for (const method of METHODS) {
      const op = item[method] as Schema | undefined;
      if (!op) continue;
      const own = ((op.parameters as unknown[]) ?? []).map((p) => deref<Parameter>(p));
      const names = new Set(own.map((p) => `${p.in}:${p.name}`));
      const body = op.requestBody ? deref<{ required?: boolean; content: Record<string, { schema?: Schema }> }>(op.requestBody) : undefined;
      out.push({
        operationId: String(op.operationId),
        method: method.toUpperCase(),
        path,
        parameters: [...shared.filter((p) => !names.has(`${p.in}:${p.name}`)), ...own].map((p) => ({ ...p, required: !!p.required })),
        ...(body && {
          body: {
            required: !!body.required,
            content: Object.fromEntries(Object.entries(body.content).map(([type, c]) => [type, c.schema])),
          },
        }),
      });
    }
  }
  return out;
}
