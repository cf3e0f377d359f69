/**
 * vectors/corpus/scenarios/client-behaviour.json: the scenario catalogue (scenario-catalogue.ts,
 * scenario-operations.ts) as a case file. Each case cites the lines its steps check.
 */
import { join } from 'node:path';
import { CORPUS_ROOT, type ScenarioCaseData } from '../../vectors/corpus.js';
import { citing } from './roundtrip-lines.js';
import { notesFor } from './notes.js';
import { jsonFile, type GeneratedFile } from './output.js';
import { scenarioCatalogue } from './scenario-catalogue.js';
import { SPEC_COMMIT } from './spec.js';

export function scenarioFile(root: string = CORPUS_ROOT): GeneratedFile {
  const cases = scenarioCatalogue().map(
    (s): ScenarioCaseData => ({
      id: `scenario/${s.name}`,
      description: s.description,
      ...citing(s.lines),
      features: [...s.features],
      flags: [...s.flags],
      provenance: { rule: 'the requirement lines cited (vectors/spec at specCommit)' },
      inputs: { steps: s.steps },
      expect: { steps: 'as-stated' },
    }),
  );
  return jsonFile(join(root, 'scenarios', 'client-behaviour.json'), {
    type: 's3ec-scenario-cases',
    version: 1,
    specCommit: SPEC_COMMIT,
    generator: 'npm run generate (suites/generate/scenarios.ts)',
    notes: notesFor(cases.flatMap((c) => c.flags)),
    cases,
  });
}
