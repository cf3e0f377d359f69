import type { Suite } from './case.js';
import { corpusSuites } from './corpus.js';

/** Every suite of the corpus (vectors/corpus), in the order reports list them. */
export function allSuites(): Suite[] {
  return corpusSuites();
}

export type { Suite, SuiteCase } from './case.js';
export { runSuite, type CaseResult, type Environment } from './run.js';
