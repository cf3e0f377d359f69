import { readFileSync } from 'node:fs';

/** The specification commit every generated file states (suites/requirements.json pins it). */
export const SPEC_COMMIT: string = (JSON.parse(readFileSync(new URL('../requirements.json', import.meta.url), 'utf8')) as { source: { commit: string } }).source.commit;
