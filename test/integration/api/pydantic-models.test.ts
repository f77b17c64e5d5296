import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParsedDatetime } from '../../../agent/api/v2/pydantic-fields.js';
import { pythonJsonError } from '../../../agent/api/v2/python-json-error.js';
import { validateModel } from '../../../agent/api/v2/request-model.js';
import {
  ClearTaskInstancesBody,
  ConnectionBody,
  DAGPatchBody,
  DAGRunClearBody,
  DAGRunPatchBody,
  LoginBody,
  PatchTaskInstanceBody,
  TriggerDAGRunPostBody,
  VariableBody,
} from '../../../agent/api/v2/request-models.js';
import { RequestValidationError } from '../../../agent/api/v2/validation-error.js';

const REPO = resolve(new URL('../../..', import.meta.url).pathname);
const PYTHON = resolve(REPO, '.venv/airflow-3.3.1/bin/python');
const SCRIPT = resolve(REPO, 'test/integration/api/airflow3_models.py');

const models = {
  ClearTaskInstancesBody,
  ConnectionBody,
  DAGPatchBody,
  DAGRunClearBody,
  DAGRunPatchBody,
  LoginBody,
  PatchTaskInstanceBody,
  TriggerDAGRunPostBody,
  VariableBody,
};
type ModelName = keyof typeof models;
type Case = { model: ModelName; body: unknown } | { json: string };

/** Bodies users and scripts send, right and wrong, for every request model the agent validates. */
const CASES: Case[] = [
  ...[
    {},
    { is_paused: true },
    { is_paused: 'yes' },
    { is_paused: 'FALSE' },
    { is_paused: 'maybe' },
    { is_paused: 2 },
    { is_paused: 1.5 },
    { is_paused: null },
    { is_paused: [] },
    { is_paused: true, bogus: 1 },
    { bogus: 1, is_paused: 'x' },
    'x',
    [1],
    5,
    null,
  ].map((body) => ({ model: 'DAGPatchBody' as const, body })),
  ...[
    {},
    { logical_date: null },
    { logical_date: '2024-01-01T00:00:00Z' },
    { logical_date: '2024-01-01T00:00:00+01:00' },
    { logical_date: '2024-01-01 00:00:00-0330' },
    { logical_date: '2024-01-01T00:00:00.123456789Z' },
    { logical_date: '2024-06-15T12:34:56.5Z' },
    { logical_date: '2024-01-01T00:00Z' },
    { logical_date: '2024-01-01T00:00:00' },
    { logical_date: '2024-01-01' },
    { logical_date: 'nope' },
    { logical_date: '' },
    { logical_date: '2024-13-01T00:00:00Z' },
    { logical_date: '2024-02-30T00:00:00Z' },
    { logical_date: '2024-01-01T25:00:00Z' },
    { logical_date: '20240101T000000Z' },
    { logical_date: '2024/01/01' },
    { logical_date: 'x024-01-01T00:00:00Z' },
    { logical_date: 1700000000 },
    { logical_date: '1700000000' },
    { logical_date: 1700000000123 },
    { logical_date: true },
    { logical_date: [] },
    { logical_date: null, conf: { a: 1 }, note: 'n', dag_run_id: 'my_run' },
    { logical_date: null, conf: [1] },
    { logical_date: null, conf: 'x' },
    { logical_date: null, note: 5 },
    { logical_date: null, dag_run_id: 7 },
    { logical_date: null, run_after: '2024-01-01T00:00:00' },
    { logical_date: null, data_interval_start: '2024-01-01T00:00:00Z' },
    {
      logical_date: '2024-01-01T00:00:00Z',
      data_interval_start: '2024-01-01T00:00:00Z',
      data_interval_end: '2024-01-02T00:00:00Z',
    },
    { logical_date: null, bogus: 1, conf: [] },
    { logical_date: null, __proto__x: 1 },
  ].map((body) => ({ model: 'TriggerDAGRunPostBody' as const, body })),
  ...[
    {},
    { state: 'failed' },
    { state: 'running' },
    { state: 'SUCCESS' },
    { state: null, note: 'x' },
    { note: 'x'.repeat(1001) },
    { note: 'é'.repeat(1000) },
  ].map((body) => ({ model: 'DAGRunPatchBody' as const, body })),
  ...[{}, { dry_run: false }, { only_new: true, only_failed: true }, { dry_run: 'no', only_failed: 'nah' }].map(
    (body) => ({ model: 'DAGRunClearBody' as const, body }),
  ),
  ...[
    { new_state: 'success' },
    { new_state: 'SKIPPED' },
    { new_state: 'running' },
    { new_state: 'bogus' },
    { new_state: null },
    { note: 'hello' },
    { new_state: 'failed', include_downstream: 'yes', include_upstream: 'x' },
  ].map((body) => ({ model: 'PatchTaskInstanceBody' as const, body })),
  ...[
    {},
    { dry_run: false, task_ids: ['a', 'b'], dag_run_id: 'r' },
    { task_ids: 'a' },
    { start_date: '2024-01-01T00:00:00', only_failed: 0 },
  ].map((body) => ({ model: 'ClearTaskInstancesBody' as const, body })),
  ...[
    { connection_id: 'c1', conn_type: 'http' },
    { conn_type: 'http' },
    { connection_id: 'bad id!', conn_type: 'http' },
    { connection_id: 'x'.repeat(201), conn_type: 'http' },
    { connection_id: 'ünï.c-o_de', conn_type: 'http' },
    { connection_id: 'c', conn_type: 'ssh', port: '22' },
    { connection_id: 'c', conn_type: 'ssh', port: 22.5 },
    { connection_id: 'c', conn_type: 'ssh', port: 'abc' },
    { connection_id: 'c', conn_type: 'ssh', extra: '' },
    { connection_id: 'c', conn_type: 'ssh', extra: '[1]' },
    { connection_id: 'c', conn_type: 'ssh', extra: 'not json' },
    { connection_id: 'c', conn_type: 'ssh', extra: { a: 1 } },
    { connection_id: 'c', conn_type: 'ssh', schema: 's', team_name: 'blue' },
    { connection_id: 'c', conn_type: 7, bogus: true },
  ].map((body) => ({ model: 'ConnectionBody' as const, body })),
  ...[
    { key: 'k', value: 'v' },
    { key: 'k', value: { a: [1, 2] } },
    { key: 'k', value: null },
    { value: 'v' },
    { key: 'k' },
    { key: 'k'.repeat(251), value: 'v' },
    { key: 5, value: 'v', description: 5 },
  ].map((body) => ({ model: 'VariableBody' as const, body })),
  ...[
    { username: 'admin', password: 'x' },
    { username: 'admin' },
    { username: 'admin', password: 'x', remember: true },
    { username: 5, password: null },
  ].map((body) => ({ model: 'LoginBody' as const, body })),
  ...[
    '{"is_paused": ',
    '{',
    '{"a" 1}',
    '{"a": 1,}',
    '[1,]',
    '[1 2]',
    '{"a": 1} x',
    '{"a": "b',
    '{"a": "\\x"}',
    '{"a": "\\u12"}',
    '{"a": "line\nbreak"}',
    "{'a': 1}",
    'tru',
    '{"é": "ü", "x": }',
    '01',
    '  ',
  ].map((json) => ({ json })),
];

function runPython(input: string): Promise<string> {
  return new Promise((res, rej) => {
    void mkdtemp(join(tmpdir(), 'mwaa-af3-home-')).then((home) => {
      const child = execFile(
        PYTHON,
        [SCRIPT],
        { env: { ...process.env, AIRFLOW_HOME: home }, maxBuffer: 16 * 1024 * 1024, timeout: 60_000 },
        (err, stdout, stderr) => {
          void rm(home, { recursive: true, force: true }).then(() =>
            err ? rej(new Error(`${err.message}\n${stderr}`)) : res(stdout),
          );
        },
      );
      child.stdin!.end(input);
    });
  });
}

/** What the agent makes of a case, in the script's terms. */
function agentResult(c: Case): unknown {
  if ('json' in c) {
    const e = pythonJsonError(c.json);
    return e && { error: e };
  }
  try {
    const values = validateModel(models[c.model], c.body, ['body']);
    const instants: Record<string, number | null> = {};
    for (const [k, v] of Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (v && typeof v === 'object' && 'micros' in v) {
        const d = v as ParsedDatetime;
        instants[k] = d.naive ? null : Math.floor(d.date.getTime() / 1000) * 1_000_000 + d.micros;
      }
    }
    return { values: Object.keys(values).sort(), instants };
  } catch (e) {
    if (e instanceof RequestValidationError) return { errors: e.items };
    throw e;
  }
}

describe("request bodies, checked by the agent as by Airflow 3.3.1's own pydantic models", () => {
  const present = existsSync(PYTHON);
  it.skipIf(!present && process.env.CI !== 'true')(
    'gives the same 422 items (type, loc, msg, input, ctx) and accepts the same bodies with the same values',
    async () => {
      if (!present) throw new Error(`${PYTHON} is missing: run infra/setup.d/21-airflow3.sh`);
      const real = JSON.parse(await runPython(JSON.stringify(CASES))) as unknown[];
      const mismatches: string[] = [];
      CASES.forEach((c, i) => {
        let expected = real[i] as Record<string, unknown> | null;
        if (expected && 'values' in expected)
          expected = {
            values: Object.keys(expected.values as object).sort(),
            instants: Object.fromEntries(
              Object.entries(expected.instants as object).sort(([a], [b]) => (a < b ? -1 : 1)),
            ),
          };
        const actual = agentResult(c);
        if (JSON.stringify(actual) !== JSON.stringify(expected))
          mismatches.push(
            `${JSON.stringify(c)}\n    airflow: ${JSON.stringify(expected)}\n    agent:   ${JSON.stringify(actual)}`,
          );
      });
      expect(mismatches.join('\n')).toBe('');
    },
  );
});
