import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatRows, OUTPUT_FORMATS, type OutputFormat } from '../../../agent/cli/output.js';
import { tempDirSync } from '../../../harness/temp-dir.js';

const ROOT = new URL('../../..', import.meta.url).pathname;
const SCRIPT = join(ROOT, 'test/integration/cli/airflow_console_print.py');
const MARKER = '\x1e-- end of case --\n';

/** Airflow 2.10.5 (tabulate 0.9) and 3.3.1 (tabulate 0.10): the same AirflowConsole, different tabulate. */
const AIRFLOWS = [
  ['2.10.5', join(ROOT, '.venv/airflow/bin/python')],
  ['3.3.1', join(ROOT, '.venv/airflow-3.3.1/bin/python')],
] as const;

interface Case {
  columns: string[];
  rows: Record<string, unknown>[];
  format: OutputFormat;
}

/** Strings the CLI prints: words, paths, and texts that read as numbers or booleans (tabulate parses those). */
const text = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_./-]( ?[A-Za-z0-9_./-]){0,24}$/),
  fc.constantFrom('True', 'False', 'None', '0', '007', '-3', ' 4 ', '1.5', '2.50', '-0.25', '1e5', '1_000', '12345678'),
  fc.constantFrom('inf', '-inf', 'nan', 'Infinity', '1e400', '.5', '5.', '0x10', 'null', 'yes', 'on', '~', ''),
  // Sentences long enough for yaml.dump to fold, with quotes, colons and hashes that force quoting.
  fc.stringMatching(/^[a-z]{1,12}( {1,2}[a-z'",:#\\]{1,12}){5,15}$/),
  fc.constantFrom('/usr/local/airflow/dags/ssh.py', 'ssh_operator_example', 'it is: a colon', "it's", '# hash'),
);
const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
  fc
    .double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true })
    .filter((d) => !Number.isInteger(d) && Math.abs(d) > 1e-3),
  text,
);
const value = fc.oneof(
  { weight: 5, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.stringMatching(/^[a-z_]{1,6}$/), scalar, { maxKeys: 3 }) },
);
const cases: fc.Arbitrary<Case> = fc
  .uniqueArray(fc.stringMatching(/^[a-z][a-z_]{0,11}$/), { minLength: 1, maxLength: 5 })
  .chain((columns) =>
    fc.record({
      columns: fc.constant(columns),
      rows: fc.array(fc.record(Object.fromEntries(columns.map((c) => [c, value]))), { maxLength: 4 }),
      format: fc.constantFrom(...OUTPUT_FORMATS),
    }),
  );

/**
 * tabulate 0.10 (Airflow 3's pin) types a column ignoring its `""` cells, 0.9 (Airflow 2's) does not; the
 * agent's plain output follows 0.9 (a noted difference), so -o plain cases with `""` are compared on 2.10.5 only.
 */
const hasEmptyString = (c: Case) =>
  c.rows.some((r) => Object.values(r).some((v) => v === '' || (Array.isArray(v) && v.includes(''))));

/*
 * Two differences the agent keeps in -o table (noted): rich wraps a table wider than Airflow's 200-column
 * console, and replaces emoji codes such as `:x:` in cells; the agent prints cells as they are.
 */

/** What `ctx.out` writes for a command's formatted output. */
const printed = (t: string) => (t.endsWith('\n') ? t : `${t}\n`);

describe("CLI output (-o table|json|yaml|plain) against Airflow's AirflowConsole.print_as", () => {
  const dir = tempDirSync('mwaa-cli-output-');
  afterAll(() => dir.remove());

  const fixed: Case[] = [
    {
      columns: ['dag_id', 'fileloc', 'owners', 'is_paused'],
      rows: [
        {
          dag_id: 'ssh_operator_example',
          fileloc: '/usr/local/airflow/dags/ssh.py',
          owners: 'airflow',
          is_paused: true,
        },
        { dag_id: 'b', fileloc: '/usr/local/airflow/dags/b.py', owners: ['x', 'y'], is_paused: false },
      ],
      format: 'table',
    },
    {
      columns: ['filepath', 'error', 'start_date', 'tags', 'extra'],
      rows: [
        {
          filepath: '/usr/local/airflow/dags/broken.py',
          error:
            'Traceback (most recent call last):\n  File "/usr/local/airflow/dags/broken.py", line 3, in <module>\n    x = (\nSyntaxError: \'(\' was never closed',
          start_date: '2024-01-01T00:00:00+00:00',
          tags: [
            'a rather long tag that goes on and on and on and on and on and on and on and on and on and on',
            'café',
          ],
          extra: { note: "it's a key: with # marks and a long text that is folded by PyYAML at eighty columns wide" },
        },
        {
          filepath: 'x',
          error: ' leading and trailing ',
          start_date: '2024-01-01',
          tags: ['\t', 'x\u0007y'],
          extra: {},
        },
      ],
      format: 'yaml',
    },
    { columns: ['key'], rows: [], format: 'table' },
    { columns: ['key'], rows: [], format: 'json' },
    { columns: ['key'], rows: [], format: 'yaml' },
    { columns: ['key'], rows: [], format: 'plain' },
  ];

  for (const [version, python] of AIRFLOWS) {
    it(`prints every format exactly as Airflow ${version} does, on fixed and 400 generated tables`, async () => {
      const all = [
        ...fixed.flatMap((c) => (c.format === 'yaml' ? [c] : OUTPUT_FORMATS.map((format) => ({ ...c, format })))),
        ...fc.sample(cases, { numRuns: 400, seed: 20261207 }),
      ]
        .filter((c) => version === '2.10.5' || c.format !== 'plain' || !hasEmptyString(c))
        .filter(
          (c) =>
            c.format !== 'table' ||
            (formatRows(c.rows, c.columns, 'table').indexOf('\n') <= 200 && !/:\S*?:/.test(JSON.stringify(c.rows))),
        );
      const file = join(dir.path, `cases-${version}.json`);
      writeFileSync(file, JSON.stringify(all));
      const { stdout } = await promisify(execFile)(python, [SCRIPT, file], {
        maxBuffer: 64 * 1024 * 1024,
        env: { PATH: process.env.PATH, HOME: dir.path, AIRFLOW_HOME: dir.path, TERM: 'dumb' },
      });
      const theirs = stdout.split(MARKER);
      expect(theirs.pop()).toBe('');
      expect(theirs).toHaveLength(all.length);
      const compared = all.filter((_, i) => theirs[i] !== 'FAILED\n');
      expect(compared.length).toBeGreaterThan(all.length * 0.9);
      const mismatches = all.flatMap((c, i) => {
        if (theirs[i] === 'FAILED\n') return [];
        const ours = printed(formatRows(c.rows, c.columns, c.format));
        return ours === theirs[i] ? [] : [{ case: c, ours, airflow: theirs[i] }];
      });
      expect(mismatches.slice(0, 3)).toEqual([]);
    }, 120_000);
  }
});
