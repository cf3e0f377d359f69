import type { Suite } from './case.js';
import { knownAnswerSuite } from './known-answers.js';
import { roundTripSuite, tamperSuite } from './write-combinations.js';

/** Every suite, in the order reports list them. */
export function allSuites(): Suite[] {
  return [knownAnswerSuite(), roundTripSuite(), tamperSuite()];
}

export type { Suite, SuiteCase } from './case.js';
export { runSuite, type CaseResult, type Environment } from './run.js';
