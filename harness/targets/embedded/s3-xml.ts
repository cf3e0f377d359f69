/** The little XML the embedded S3 needs: error bodies, list results, and the DeleteObjects request. */
import type { HandlerResult } from './handler-result.js';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
export const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`);
}

export function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[entity] ?? '';
  });
}

/** `<Name>value</Name>` for each pair, values escaped. */
export function elements(fields: ReadonlyArray<readonly [string, string | number | boolean]>): string {
  return fields.map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`).join('');
}

export function xmlResult(status: number, body: string, headers: Record<string, string> = {}): HandlerResult {
  return { status, headers: { 'content-type': 'application/xml', ...headers }, body: Buffer.from(XML_HEAD + body, 'utf8') };
}

/** An S3 error; HEAD responses carry no body, as S3 sends none. */
export function s3Error(method: string, status: number, code: string, message: string, extra: ReadonlyArray<readonly [string, string | number]> = []): HandlerResult {
  if (method === 'HEAD') return { status, headers: {} };
  return xmlResult(status, `<Error>${elements([['Code', code], ['Message', message], ...extra])}</Error>`);
}

export interface DeleteRequest {
  readonly keys: string[];
  readonly quiet: boolean;
}

/** Parses `<Delete><Object><Key>…</Key></Object>…<Quiet>true</Quiet></Delete>`. */
export function parseDeleteRequest(xml: string): DeleteRequest | undefined {
  if (!/<Delete[\s>]/.test(xml)) return undefined;
  const keys: string[] = [];
  for (const match of xml.matchAll(/<Object>([\s\S]*?)<\/Object>/g)) {
    const key = /<Key>([\s\S]*?)<\/Key>/.exec(match[1] ?? '')?.[1];
    if (key === undefined) return undefined;
    keys.push(unescapeXml(key));
  }
  return { keys, quiet: /<Quiet>\s*true\s*<\/Quiet>/i.test(xml) };
}
