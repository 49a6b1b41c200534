import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Response } from 'express';

/**
 * The subsonic-response wrapper in the three formats clients ask for. A payload is a plain
 * object: in XML its scalars become attributes, its objects child elements and its arrays
 * repeated child elements; a `value` key is an element's text (as Subsonic's JSON writes it).
 */
export type Scalar = string | number | boolean;
export type Node = { [key: string]: Scalar | Node | Node[] | Scalar[] | null | undefined };
export type Format = 'xml' | 'json' | 'jsonp';

export const API_VERSION = '1.16.1';
const XMLNS = 'http://subsonic.org/restapi';

/** package.json's version, found from src/subsonic or dist/src/subsonic alike. */
function readServerVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
    dir = path.dirname(dir);
  }
  return 'unknown';
}
export const SERVER_VERSION = readServerVersion();

function header(status: 'ok' | 'failed'): Node {
  return { status, version: API_VERSION, type: 'rhythmo', serverVersion: SERVER_VERSION, openSubsonic: true };
}

export function okBody(payload: Node = {}): Node {
  return { ...header('ok'), ...payload };
}

export function failedBody(code: number, message: string): Node {
  return { ...header('failed'), error: { code, message } };
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** Characters XML 1.0 cannot carry at all, even escaped; lone surrogates would make the document unreadable too. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ENTITIES[c]!).replace(NOT_XML, '\uFFFD');

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

function element(name: string, node: Node | Scalar, extra = ''): string {
  if (!isNode(node)) return `<${name}${extra}>${escape(String(node))}</${name}>`;
  let attrs = extra;
  let children = '';
  let text = '';
  for (const [key, v] of Object.entries(node)) {
    if (v === undefined || v === null) continue;
    if (key === 'value' && !isNode(v) && !Array.isArray(v)) text = escape(String(v));
    else if (Array.isArray(v)) for (const item of v) children += element(key, item);
    else if (isNode(v)) children += element(key, v);
    else attrs += ` ${key}="${escape(String(v))}"`;
  }
  return children || text ? `<${name}${attrs}>${text}${children}</${name}>` : `<${name}${attrs}/>`;
}

export function toXml(body: Node): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element('subsonic-response', body, ` xmlns="${XMLNS}"`)}`;
}

/** A JavaScript identifier path such as `cb` or `jQuery123.handle`: anything else could inject script. */
export const JSONP_CALLBACK = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

export function send(res: Response, body: Node, format: Format, callback?: string): void {
  const json = () => JSON.stringify({ 'subsonic-response': body });
  if (format === 'jsonp' && callback) {
    res.type('application/javascript; charset=utf-8');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(`/**/${callback}(${json()});`);
  } else if (format === 'json') {
    res.type('application/json; charset=utf-8').send(json());
  } else {
    res.type('text/xml; charset=utf-8').send(toXml(body));
  }
}
