import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configurationError } from './configuration-error.js';
import { parseEmrConfigurationJson } from './parse-emr-json.js';
import { parseHadoopConfigurationXml } from './parse-hadoop-xml.js';

/** The emrfs-site properties of one file, as written (names trimmed in XML, values untouched). */
export interface EmrfsSite {
  /** Absolute path: error messages name it, and relative module and key paths resolve against it. */
  readonly file: string;
  readonly format: 'emr-json' | 'hadoop-xml';
  readonly properties: Readonly<Record<string, string>>;
}

/**
 * Reads an EMR configuration JSON file or a Hadoop `emrfs-site.xml`, told apart by their first
 * character (`[`/`{` or `<`), so the file name does not matter.
 */
export function loadEmrfsSite(path: string): EmrfsSite {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return configurationError(file, undefined, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseEmrfsSite(text, file);
}

export function parseEmrfsSite(text: string, file: string): EmrfsSite {
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  if (first === '<') return { file, format: 'hadoop-xml', properties: Object.freeze(parseHadoopConfigurationXml(text, file)) };
  if (first === '[' || first === '{') return { file, format: 'emr-json', properties: Object.freeze(parseEmrConfigurationJson(text, file)) };
  return configurationError(file, undefined, 'neither EMR configuration JSON (a [...] list) nor Hadoop configuration XML (<configuration>)');
}
