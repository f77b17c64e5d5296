// @ts-check
/**
 * The layout rule (docs/architecture.md): the folders of agent/ are stages in data-flow order, and a stage
 * imports only from itself and the stages before it. Type-only imports count (a cycle through types is still
 * a cycle). Outside agent/: test/, bench/ and infra/ share code only through harness/.
 *
 * `npm run lint:deps` checks it; `.ci/run` runs that before the tests.
 */

/** agent/ stages, upstream first. Keep in step with docs/architecture.md. */
const STAGES = [
  'core', //         clock, errors, events, logger, lifecycle, Config type, SQLite opener
  'python', //       Python's own semantics (repr, str, int, dates, versions)
  'airflow', //      the per-version table of Airflow, its providers and MWAA
  'mirror', //       S3 listing, diffing, atomic download, folder watch
  'requirements', // requirements.txt + constraints → providers → connection types
  'connections', //  connection model, codecs, stored and env backends, masking
  'dags', //         discovery, static evaluation, DAG model, import errors
  'runs', //         the run model and the RunStore interface (memory implementation beside it)
  'schedule', //     timetables, data intervals, the pure run planner, the scheduler loop
  'tasks', //        task state machine, operators, task logs
  'state', //        SQLite and PostgreSQL implementations of the stores
  'api', //          HTTP API and web UI
  'app', //          wiring
  'mwaa-api', //     the MWAA control-plane API: environments of the agent, CLI/web tokens, InvokeRestApi
  'cli', //          the composition root
];

/** @param {string[]} names */
const anyOf = (names) => `^agent/(${names.join('|')})/`;

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const againstTheFlow = STAGES.slice(0, -1).map((stage, i) => ({
  name: `${stage}-imports-downstream`,
  comment: `agent/${stage}/ may import only ${['itself', ...STAGES.slice(0, i)].join(', ')} (docs/architecture.md)`,
  severity: 'error',
  from: { path: `^agent/${stage}/` },
  to: { path: anyOf(STAGES.slice(i + 1)) },
}));

/** Outside agent/: who may not import whom (what they share lives in harness/). */
const TOOLING = {
  agent: ['test', 'bench', 'infra', 'harness'],
  harness: ['test', 'bench', 'infra'],
  test: ['bench', 'infra'],
  bench: ['test', 'infra'],
  infra: ['test', 'bench'],
};

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const toolingRules = Object.entries(TOOLING).map(([from, forbidden]) => ({
  name: `${from}-imports-${forbidden.join('-or-')}`,
  comment: `${from}/ imports none of ${forbidden.join(', ')}`,
  severity: 'error',
  from: { path: `^${from}/` },
  to: { path: `^(${forbidden.join('|')})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...againstTheFlow,
    {
      name: 'unknown-stage',
      comment: `every folder of agent/ is a stage listed in .dependency-cruiser.cjs (${STAGES.join(', ')})`,
      severity: 'error',
      from: { path: '^agent/', pathNot: anyOf(STAGES) },
      to: {},
    },
    {
      name: 'no-cycles',
      comment: 'modules form no import cycle, type-only imports included',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...toolingRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
