/**
 * The import rules every folder README states, as dependency-cruiser rules; `npm test` runs them
 * (harness/test/import-boundaries.test.ts), so a forbidden import is a red test.
 *
 * The reference resolves to its sources either way (the "s3cse-source" condition), so a path
 * import of reference/src and an import of @s3cse/reference differ only in their dependency
 * type: the package name is "aliased-workspace".
 */
const REFERENCE_SRC = '^reference/src/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'reference-by-package-name-only',
      comment: 'Outside reference/, the reference is imported as @s3cse/reference, never by a path into reference/src.',
      severity: 'error',
      from: { pathNot: '^reference/' },
      to: { path: REFERENCE_SRC, dependencyTypesNot: ['aliased-workspace'] },
    },
    {
      name: 'reference-is-self-contained',
      comment: 'The reference package imports only Node, the AWS SDK clients and their runtime.',
      severity: 'error',
      from: { path: REFERENCE_SRC, pathNot: '^reference/src/cli/' },
      to: { pathNot: ['^reference/src/', '^node_modules/@aws-sdk/', '^node_modules/@smithy/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'protocol-imports-nothing',
      comment: 'protocol/ is the vocabulary, version and schemas everyone shares: it depends on nothing, not even Node.',
      severity: 'error',
      from: { path: '^protocol/', pathNot: '^protocol/test/' },
      to: { pathNot: '^protocol/' },
    },
    {
      name: 'implementations-stand-alone',
      comment:
        'An implementation under test speaks the protocol and uses its library: protocol/, @s3cse/reference, emrfs/ and the suites contract ' +
        '(suites/adapter.ts, for the in-process reference) only; never the harness that supervises it (implementations/README.md).',
      severity: 'error',
      from: { path: '^implementations/' },
      to: {
        path: '^(harness|cli|bench|testkit|reports|vectors|suites|tools)/',
        pathNot: '^suites/adapter[.]ts$',
      },
    },
    {
      name: 'implementations-are-found-by-folder',
      comment: 'The harness finds implementations by folder (implementations/<name>/adapter.json); only conformance.ts runs the reference in process.',
      severity: 'error',
      from: { pathNot: ['^implementations/', '/test/', '^harness/conformance[.]ts$'] },
      to: { path: '^implementations/' },
    },
    {
      name: 'targets-are-a-leaf',
      comment: 'harness/targets depends on Node and the AWS SDK only: no reference, no suites, no other harness code.',
      severity: 'error',
      from: { path: '^harness/targets/', pathNot: '/test/' },
      to: { pathNot: ['^harness/targets/', '^node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'targets-never-the-reference',
      severity: 'error',
      from: { path: '^harness/targets/' },
      to: { path: '^reference/' },
    },
    {
      name: 'suites-never-the-reference',
      comment: 'Suites are data and a contract any implementation can run: no reference, no harness.',
      severity: 'error',
      from: { path: '^suites/', pathNot: '^suites/test/' },
      to: { path: ['^reference/', '^harness/', '^bench/', '^testkit/', '^implementations/'] },
    },
    {
      name: 'generator-never-the-reference',
      comment:
        'suites/generate computes every expected outcome from data and the rules of the specification; importing the reference, an implementation ' +
        'or the harness would let the code under test decide its own verdicts (suites/test/generated-corpus.test.ts also proves it at run time).',
      severity: 'error',
      from: { path: '^suites/generate/' },
      to: { path: ['^reference/', '^implementations/', '^harness/'] },
    },
    {
      name: 'vectors-are-data',
      severity: 'error',
      from: { path: '^vectors/', pathNot: '^vectors/test/' },
      to: { pathNot: ['^vectors/', '^node_modules/ajv'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'reports-render-results',
      comment: 'Reports turn results into text; they run nothing.',
      severity: 'error',
      from: { path: '^reports/', pathNot: '^reports/test/' },
      to: { path: ['^reference/', '^harness/', '^bench/', '^testkit/', '^emrfs/'] },
    },
    {
      name: 'emrfs-uses-the-public-api',
      severity: 'error',
      from: { path: '^emrfs/', pathNot: '^emrfs/test/' },
      to: { path: ['^harness/', '^suites/', '^bench/', '^testkit/'] },
    },
    {
      name: 'cli-uses-entry-points',
      comment: 'The command line reaches the harness through its entry points only (cli/README.md).',
      severity: 'error',
      from: { path: '^cli/', pathNot: '^cli/test/' },
      to: {
        path: '^(harness|suites|vectors|reports|bench|testkit)/',
        pathNot: [
          '^harness/(conformance|run|corpus-commands|coverage-command|report-commands|certify|bench-command)[.]ts$',
          '^harness/record/record[.]ts$',
          '^harness/targets/(usage-error|embedded/foreground)[.]ts$',
        ],
      },
    },
    {
      name: 'nothing-imports-cli',
      comment: 'bin/s3cse.js loads cli/main.ts; nothing else depends on the command line.',
      severity: 'error',
      from: { pathNot: '^(cli|bin)/' },
      to: { path: '^cli/' },
    },
    {
      name: 'nothing-imports-bench',
      severity: 'error',
      from: { pathNot: '^bench/' },
      to: { path: '^bench/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Type-only cycles are harmless: they vanish when the code is compiled.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '/dist/', '^implementations/[^/]+/(target|src/main|[.]venv)'] },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['s3cse-source', 'import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
