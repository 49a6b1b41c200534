/**
 * Query strings as clients really send them. URLSearchParams, HTML forms and axios write a space
 * as `+` and a comma as `%2C`; curl users and hand-written links leave commas (and often `/`, `:`)
 * as they are. Express's query parser already decodes every one of those spellings the same way
 * (`+` is a space, `%2B` a plus), but express-openapi-validator refuses any reserved character
 * left unencoded in the raw query (`+`, `,`, `/`, ...) unless the parameter says `allowReserved`.
 * Both spellings mean the same value, so every query parameter of the document is given
 * `allowReserved` here, once, instead of in each hand-written parameter (where a new one would
 * sooner or later miss it). Values are still checked against their schemas after decoding.
 */

type Parameter = { in?: string; $ref?: string; allowReserved?: boolean };
type Operation = { parameters?: Parameter[] };
type Doc = { paths?: Record<string, Record<string, unknown> & Operation>; components?: { parameters?: Record<string, Parameter> } };

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function allowReserved(parameters: Parameter[] | undefined): void {
  for (const p of parameters ?? []) if (p.in === 'query') p.allowReserved = true;
}

/** Marks every query parameter (inline or a component) `allowReserved`, in place; returns the document. */
export function acceptEitherQueryEncoding<T extends object>(document: T): T {
  const doc = document as Doc;
  allowReserved(Object.values(doc.components?.parameters ?? {}));
  for (const item of Object.values(doc.paths ?? {})) {
    allowReserved(item.parameters);
    for (const method of METHODS) allowReserved((item[method] as Operation | undefined)?.parameters);
  }
  return document;
}
