import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../harness/eventually.js';
import { type AgentOnFolder, startAgentOnFolder } from '../../../harness/agent-on-folder.js';
import { AIRFLOW3_VENV, type Airflow3Server, startAirflow3 } from '../../../harness/airflow3-server.js';
import { shapeDifferences, valuesAt } from '../../../harness/json-shape.js';

/**
 * The same requests to a real Airflow 3.3.1 (`airflow standalone` from PyPI, SQLite) and to mwaa-agent on an
 * Airflow 3.3.1 environment, on the same DAG files: status codes, response shapes (keys and JSON types) and the
 * values that do not depend on time or ids must match, except for the differences listed in KNOWN with why.
 */

const DAGS: Record<string, string> = {
  'diff_dag.py': `from datetime import datetime
from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.operators.empty import EmptyOperator

with DAG(dag_id="diff_chain", start_date=datetime(2024, 1, 1), schedule=None, tags=["diff", "chain"], description="chain") as dag:
    first = BashOperator(task_id="first", bash_command="echo hello")
    second = BashOperator(task_id="second", bash_command="echo world", retries=2)
    last = EmptyOperator(task_id="last")
    first >> second >> last

with DAG(dag_id="diff_paused", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False, tags=["diff"]) as paused:
    a = BashOperator(task_id="a", bash_command="echo a")
    b = EmptyOperator(task_id="b")
    a >> b
`,
  'broken.py': `from airflow import DAG
raise ValueError("boom")
`,
};

/** MWAA's way to pick Airflow 3.3.1, and the SSH provider (Airflow's venv here has it) for ssh connections. */
const REQUIREMENTS_3_3_1 =
  '-c https://raw.githubusercontent.com/apache/airflow/constraints-3.3.1/constraints-3.12.txt\napache-airflow-providers-ssh\n';

/**
 * Differences between the agent and Airflow 3.3.1 that remain, each with its reason. The test fails on any other
 * difference and on an entry that no longer matches anything, so this list stays the truth.
 */
const KNOWN: { pattern: RegExp; why: string }[] = [
  {
    pattern: /\.last_parse_duration: number ≠ null$/,
    why: 'the agent does not time the parse of one file (it parses statically, in milliseconds)',
  },
  { pattern: /^version \$\.git_version: string ≠ null$/, why: 'the agent is not built from an Airflow git checkout' },
  {
    pattern: /^health \$\.triggerer\.(status|latest_triggerer_heartbeat): string ≠ null$/,
    why: 'the agent runs no triggerer (no deferrable operators); Airflow reports a never-started one so',
  },
  {
    pattern:
      /^(task instances \$\.task_instances\[2\]|clear dry run \$\.task_instances\[1\])\.(queued_when|scheduled_when|pid): null ≠ (string|number)$/,
    why: "Airflow's scheduler marks an EmptyOperator success without a worker (no queue time, no pid); the agent runs it like any task",
  },
];

type Side = 'airflow' | 'agent';
interface Server {
  url: string;
  token: string;
  secret: string;
  run: string;
}
interface Answer {
  status: number;
  body: unknown;
  type: string;
}

/** A request of the table; `{run}` in the path is the completed run of diff_chain on each side. */
interface Case {
  name: string;
  method?: string;
  path: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  /** none: no Authorization; a function: a token made for that side. Default: the side's valid token. */
  auth?: 'none' | ((s: Server) => Promise<string>);
  /** Paths whose values must be equal on both sides (after replacing each side's run id by `{run}`). */
  values?: string[];
  /** Compare the whole body (default for 4xx answers). */
  exact?: boolean;
}

const sign = (secret: string, alg: string, claims: Record<string, unknown>) =>
  new SignJWT(claims).setProtectedHeader({ alg, kid: 'not-used', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
const now = () => Math.floor(Date.now() / 1000);
const adminClaims = (over: Record<string, unknown> = {}) => ({
  sub: 'admin',
  role: 'admin',
  aud: 'apache-airflow',
  iat: now() - 7200,
  nbf: now() - 7200,
  exp: now() + 3600,
  ...over,
});
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

const DAG_VALUES = [
  'dag_id',
  'dag_display_name',
  'is_paused',
  'is_stale',
  'bundle_name',
  'relative_fileloc',
  'description',
  'timetable_summary',
  'timetable_description',
  'timetable_periodic',
  'tags',
  'max_active_tasks',
  'max_active_runs',
  'has_import_errors',
  'owners',
  'is_backfillable',
];
const TASK_VALUES = [
  'task_id',
  'trigger_rule',
  'retries',
  'downstream_task_ids',
  'operator_name',
  'template_fields',
  'ui_color',
  'ui_fgcolor',
  'class_ref',
  'retry_delay',
  'pool',
  'queue',
];
const TI_VALUES = [
  'task_id',
  'dag_id',
  'dag_run_id',
  'map_index',
  'state',
  'try_number',
  'max_tries',
  'operator',
  'pool',
];
const RUN_VALUES = ['dag_run_id', 'dag_id', 'run_type', 'state', 'conf', 'note', 'dag_display_name'];
const EXPLICIT_RUN_VALUES = [...RUN_VALUES, 'logical_date', 'data_interval_start', 'data_interval_end'];

const RUN = '/api/v2/dags/diff_chain/dagRuns/{run}';
const TI = `${RUN}/taskInstances`;

const CASES: Case[] = [
  // Monitor, version, routing
  { name: 'health', path: '/api/v2/monitor/health', auth: 'none', values: ['metadatabase', 'scheduler.status'] },
  { name: 'version', path: '/api/v2/version', auth: 'none', values: ['version'] },
  { name: 'v1 removed', path: '/api/v1/dags', exact: true },
  { name: 'unknown route', path: '/api/v2/nope', exact: true },
  { name: 'method not allowed', method: 'DELETE', path: '/api/v2/version', exact: true },
  // Tokens
  { name: 'token', method: 'POST', path: '/auth/token', auth: 'none', body: { username: 'admin', password: '{pw}' } },
  {
    name: 'token from a form',
    method: 'POST',
    path: '/auth/token',
    auth: 'none',
    raw: 'username=admin&password={pw}',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  },
  {
    name: 'token bad password',
    method: 'POST',
    path: '/auth/token',
    auth: 'none',
    body: { username: 'admin', password: 'wrong' },
  },
  {
    name: 'token unknown user',
    method: 'POST',
    path: '/auth/token',
    auth: 'none',
    body: { username: 'x', password: 'y' },
  },
  { name: 'token no password', method: 'POST', path: '/auth/token', auth: 'none', body: { username: 'admin' } },
  { name: 'token empty', method: 'POST', path: '/auth/token', auth: 'none', body: { username: '', password: '' } },
  {
    name: 'token extra field',
    method: 'POST',
    path: '/auth/token',
    auth: 'none',
    body: { username: 'admin', password: 'x', remember: true },
  },
  {
    name: 'token as text',
    method: 'POST',
    path: '/auth/token',
    auth: 'none',
    raw: 'hello',
    headers: { 'content-type': 'text/plain' },
  },
  { name: 'token without credentials', path: '/auth/token', auth: 'none', exact: true },
  { name: 'login redirect unsafe next', path: '/api/v2/auth/login?next=https://evil.example/', auth: 'none' },
  { name: 'no token', path: '/api/v2/dags', auth: 'none' },
  { name: 'basic auth', path: '/api/v2/dags', auth: 'none', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } },
  { name: 'not a bearer', path: '/api/v2/dags', auth: 'none', headers: { authorization: 'Token abc' } },
  { name: 'garbage token', path: '/api/v2/dags', auth: async () => 'abc.def.ghi' },
  {
    name: 'alg none',
    path: '/api/v2/dags',
    auth: async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(adminClaims())}.`,
  },
  { name: 'HS256 with the secret', path: '/api/v2/dags', auth: (s) => sign(s.secret, 'HS256', adminClaims()) },
  {
    name: 'expired',
    path: '/api/v2/dags',
    auth: (s) => sign(s.secret, 'HS512', adminClaims({ exp: now() - 3600 })),
  },
  { name: 'other secret', path: '/api/v2/dags', auth: () => sign('not-the-secret', 'HS512', adminClaims()) },
  {
    name: 'no role claim',
    path: '/api/v2/dags',
    auth: (s) => sign(s.secret, 'HS512', adminClaims({ role: undefined })),
  },
  { name: 'other audience', path: '/api/v2/dags', auth: (s) => sign(s.secret, 'HS512', adminClaims({ aud: 'x' })) },
  {
    name: 'token in the UI cookie',
    path: '/api/v2/dags?dag_id_pattern=chain',
    auth: 'none',
    headers: { cookie: '_token={token}' },
    values: ['total_entries'],
  },
  {
    name: 'malformed JSON without a token',
    method: 'PATCH',
    path: '/api/v2/dags/diff_chain',
    auth: 'none',
    raw: '{"is_paused": ',
    headers: { 'content-type': 'application/json' },
  },
  // DAGs and tasks
  { name: 'dags', path: '/api/v2/dags', values: ['total_entries', ...DAG_VALUES.map((v) => `dags[*].${v}`)] },
  {
    name: 'dags page',
    path: '/api/v2/dags?limit=1&offset=1&order_by=-dag_id',
    values: ['total_entries', 'dags[*].dag_id'],
  },
  { name: 'dags by tags', path: '/api/v2/dags?tags=chain&tags=other', values: ['total_entries', 'dags[*].dag_id'] },
  { name: 'dags all tags', path: '/api/v2/dags?tags=chain&tags=diff&tags_match_mode=all', values: ['dags[*].dag_id'] },
  { name: 'dags unpaused', path: '/api/v2/dags?paused=false', values: ['dags[*].dag_id'] },
  { name: 'dags pattern', path: '/api/v2/dags?dag_id_pattern=PAUSED', values: ['dags[*].dag_id'] },
  { name: 'dags limit -1', path: '/api/v2/dags?limit=-1' },
  { name: 'dags offset -1', path: '/api/v2/dags?offset=-1' },
  { name: 'dags limit abc', path: '/api/v2/dags?limit=abc' },
  { name: 'dags limit huge', path: '/api/v2/dags?limit=100000', values: ['total_entries'] },
  { name: 'dags order_by unknown', path: '/api/v2/dags?order_by=nope' },
  { name: 'dags paused maybe', path: '/api/v2/dags?paused=maybe' },
  { name: 'dag', path: '/api/v2/dags/diff_chain', values: DAG_VALUES },
  {
    name: 'dag details',
    path: '/api/v2/dags/diff_chain/details',
    values: [...DAG_VALUES, 'catchup', 'start_date', 'end_date', 'timezone', 'params', 'concurrency'],
  },
  { name: 'dag details scheduled', path: '/api/v2/dags/diff_paused/details', values: [...DAG_VALUES, 'catchup'] },
  { name: 'dag 404', path: '/api/v2/dags/nope' },
  { name: 'dag details 404', path: '/api/v2/dags/nope/details' },
  {
    name: 'pause',
    method: 'PATCH',
    path: '/api/v2/dags/diff_paused',
    body: { is_paused: 'yes' },
    values: ['is_paused'],
  },
  { name: 'pause not a bool', method: 'PATCH', path: '/api/v2/dags/diff_paused', body: { is_paused: 'maybe' } },
  { name: 'pause no body field', method: 'PATCH', path: '/api/v2/dags/diff_paused', body: {} },
  {
    name: 'pause unknown field',
    method: 'PATCH',
    path: '/api/v2/dags/diff_paused',
    body: { is_paused: true, bogus: 1 },
  },
  {
    name: 'pause with a mask',
    method: 'PATCH',
    path: '/api/v2/dags/diff_paused?update_mask=description',
    body: { is_paused: true },
  },
  { name: 'pause 404', method: 'PATCH', path: '/api/v2/dags/nope', body: { is_paused: true } },
  { name: 'pause not an object', method: 'PATCH', path: '/api/v2/dags/diff_paused', body: [true] },
  {
    name: 'pause as text',
    method: 'PATCH',
    path: '/api/v2/dags/diff_paused',
    raw: 'is_paused=true',
    headers: { 'content-type': 'text/plain' },
  },
  {
    name: 'tasks',
    path: '/api/v2/dags/diff_chain/tasks',
    values: ['total_entries', ...TASK_VALUES.map((v) => `tasks[*].${v}`)],
  },
  { name: 'tasks reversed', path: '/api/v2/dags/diff_chain/tasks?order_by=-task_id', values: ['tasks[*].task_id'] },
  { name: 'tasks bad order', path: '/api/v2/dags/diff_chain/tasks?order_by=nope' },
  { name: 'task', path: '/api/v2/dags/diff_chain/tasks/second', values: TASK_VALUES },
  { name: 'task 404', path: '/api/v2/dags/diff_chain/tasks/nope' },
  { name: 'tasks of unknown dag', path: '/api/v2/dags/nope/tasks' },
  { name: 'source', path: '/api/v2/dagSources/diff_chain', values: ['content', 'dag_id', 'version_number'] },
  { name: 'source 404', path: '/api/v2/dagSources/nope' },
  { name: 'source version 2', path: '/api/v2/dagSources/diff_chain?version_number=2' },
  // The completed run of diff_chain
  {
    name: 'runs',
    path: '/api/v2/dags/diff_chain/dagRuns',
    values: ['total_entries', ...RUN_VALUES.map((v) => `dag_runs[*].${v}`)],
  },
  { name: 'runs of all dags', path: '/api/v2/dags/~/dagRuns?state=success', values: ['dag_runs[*].dag_run_id'] },
  { name: 'runs bad state', path: '/api/v2/dags/diff_chain/dagRuns?state=bogus' },
  { name: 'runs bad date', path: '/api/v2/dags/diff_chain/dagRuns?start_date_gte=yesterday' },
  { name: 'runs of unknown dag', path: '/api/v2/dags/nope/dagRuns' },
  { name: 'run', path: RUN, values: RUN_VALUES },
  { name: 'run 404', path: '/api/v2/dags/diff_chain/dagRuns/nope' },
  {
    name: 'task instances',
    path: TI,
    values: ['total_entries', ...TI_VALUES.map((v) => `task_instances[*].${v}`)],
  },
  { name: 'task instance', path: `${TI}/first`, values: TI_VALUES },
  { name: 'task instance 404', path: `${TI}/nope` },
  { name: 'not mapped', path: `${TI}/first/listMapped` },
  { name: 'map index 0', path: `${TI}/first/0` },
  { name: 'tries', path: `${TI}/first/tries`, values: ['total_entries', 'task_instances[*].try_number'] },
  { name: 'try 1', path: `${TI}/first/tries/1`, values: ['try_number', 'state', 'task_id'] },
  { name: 'try 2', path: `${TI}/first/tries/2` },
  { name: 'log', path: `${TI}/first/logs/1` },
  { name: 'log ndjson', path: `${TI}/first/logs/1`, headers: { accept: 'application/x-ndjson' } },
  { name: 'log as text', path: `${TI}/first/logs/1`, headers: { accept: 'text/plain' } },
  { name: 'log try 9', path: `${TI}/first/logs/9` },
  { name: 'log try 0', path: `${TI}/first/logs/0` },
  { name: 'log bad token', path: `${TI}/first/logs/1?token=abc.def` },
  { name: 'xcoms', path: `${TI}/first/xcomEntries`, values: ['total_entries', 'xcom_entries[*].key'] },
  { name: 'xcom', path: `${TI}/first/xcomEntries/return_value`, values: ['key', 'value', 'task_id', 'map_index'] },
  { name: 'xcom 404', path: `${TI}/first/xcomEntries/nope` },
  {
    name: 'clear dry run',
    method: 'POST',
    path: '/api/v2/dags/diff_chain/clearTaskInstances',
    body: { dag_run_id: '{run}', task_ids: ['second'], include_downstream: true, only_failed: false },
    values: ['total_entries', 'task_instances[*].task_id', 'task_instances[*].state'],
  },
  {
    name: 'mark failed',
    method: 'PATCH',
    path: `${TI}/second`,
    body: { new_state: 'failed' },
    values: ['total_entries', 'task_instances[*].task_id', 'task_instances[*].state'],
  },
  {
    name: 'note a task instance',
    method: 'PATCH',
    path: `${TI}/first`,
    body: { note: 'checked by hand' },
    values: ['total_entries', 'task_instances[*].task_id', 'task_instances[*].note', 'task_instances[*].state'],
  },
  { name: 'task instance with a note', path: `${TI}/first`, values: ['note'] },
  { name: 'mark running', method: 'PATCH', path: `${TI}/second`, body: { new_state: 'running' } },
  { name: 'mark empty', method: 'PATCH', path: `${TI}/second`, body: { new_state: null } },
  // Triggering and changing runs of the paused DAG (its runs stay queued on both sides)
  { name: 'trigger without body field', method: 'POST', path: '/api/v2/dags/diff_paused/dagRuns', body: {} },
  {
    name: 'trigger naive date',
    method: 'POST',
    path: '/api/v2/dags/diff_paused/dagRuns',
    body: { logical_date: '2024-01-01T00:00:00' },
  },
  {
    name: 'trigger bad date',
    method: 'POST',
    path: '/api/v2/dags/diff_paused/dagRuns',
    body: { logical_date: 'nope' },
  },
  {
    name: 'trigger conf list',
    method: 'POST',
    path: '/api/v2/dags/diff_paused/dagRuns',
    body: { logical_date: null, conf: [1] },
  },
  {
    name: 'trigger unknown field',
    method: 'POST',
    path: '/api/v2/dags/diff_paused/dagRuns',
    body: { logical_date: null, bogus: 1 },
  },
  {
    name: 'trigger one interval end',
    method: 'POST',
    path: '/api/v2/dags/diff_paused/dagRuns',
    body: { logical_date: null, data_interval_start: '2024-01-01T00:00:00Z' },
  },
  { name: 'trigger 404', method: 'POST', path: '/api/v2/dags/nope/dagRuns', body: { logical_date: null } },
  {
    name: 'trigger broken json',
    method: 'POST',
    path: '/api/v2/dags/diff_paused/dagRuns',
    raw: '{"logical_date": null,}',
    headers: { 'content-type': 'application/json' },
  },
  {
    name: 'trigger',
    method: 'POST',
    path: '/api/v2/dags/diff_paused/dagRuns',
    body: { logical_date: '2024-01-01T00:00:00Z', dag_run_id: 'run_a', conf: { a: 1 }, note: 'n' },
    values: EXPLICIT_RUN_VALUES,
  },
  {
    name: 'trigger with an interval',
    method: 'POST',
    path: '/api/v2/dags/diff_paused/dagRuns',
    body: {
      logical_date: '2024-02-01T00:00:00+02:00',
      dag_run_id: 'run_b',
      data_interval_start: '2024-01-31T00:00:00Z',
      data_interval_end: '2024-02-01T00:00:00Z',
    },
    values: EXPLICIT_RUN_VALUES,
  },
  {
    name: 'trigger same run id',
    method: 'POST',
    path: '/api/v2/dags/diff_paused/dagRuns',
    body: { logical_date: '2024-01-02T00:00:00Z', dag_run_id: 'run_a' },
  },
  {
    name: 'trigger same logical date',
    method: 'POST',
    path: '/api/v2/dags/diff_paused/dagRuns',
    body: { logical_date: '2024-01-01T00:00:00Z', dag_run_id: 'run_c' },
  },
  {
    name: 'queued runs',
    path: '/api/v2/dags/diff_paused/dagRuns?order_by=logical_date',
    values: ['total_entries', 'dag_runs[*].dag_run_id', 'dag_runs[*].state', 'dag_runs[*].logical_date'],
  },
  {
    name: 'task instances of a queued run',
    path: '/api/v2/dags/diff_paused/dagRuns/run_a/taskInstances',
    values: ['total_entries', 'task_instances[*].task_id', 'task_instances[*].state', 'task_instances[*].try_number'],
  },
  {
    name: 'run note',
    method: 'PATCH',
    path: '/api/v2/dags/diff_paused/dagRuns/run_a?update_mask=note',
    body: { note: 'hello', state: 'success' },
    values: ['note', 'state'],
  },
  {
    name: 'run failed',
    method: 'PATCH',
    path: '/api/v2/dags/diff_paused/dagRuns/run_a',
    body: { state: 'failed' },
    values: ['state', 'note'],
  },
  { name: 'run running', method: 'PATCH', path: '/api/v2/dags/diff_paused/dagRuns/run_a', body: { state: 'running' } },
  { name: 'run patch 404', method: 'PATCH', path: '/api/v2/dags/diff_paused/dagRuns/nope', body: { state: 'failed' } },
  {
    name: 'run clear dry',
    method: 'POST',
    path: '/api/v2/dags/diff_paused/dagRuns/run_a/clear',
    body: {},
    values: ['total_entries', 'task_instances[*].task_id'],
  },
  {
    name: 'run clear',
    method: 'POST',
    path: '/api/v2/dags/diff_paused/dagRuns/run_a/clear',
    body: { dry_run: false },
    values: ['state', 'dag_run_id', 'start_date', 'end_date'],
  },
  {
    name: 'run clear exclusive flags',
    method: 'POST',
    path: '/api/v2/dags/diff_paused/dagRuns/run_a/clear',
    body: { only_new: true, only_failed: true },
  },
  // Connections, variables, pools, import errors, assets
  { name: 'connections empty', path: '/api/v2/connections', values: ['total_entries'] },
  {
    name: 'connection create',
    method: 'POST',
    path: '/api/v2/connections',
    body: {
      connection_id: 'c1',
      conn_type: 'ssh',
      host: 'example.com',
      port: 22,
      login: 'u',
      password: 'secret',
      extra: '{"private_key": "abc", "x": 1}',
    },
    exact: true,
  },
  {
    name: 'connection duplicate',
    method: 'POST',
    path: '/api/v2/connections',
    body: { connection_id: 'c1', conn_type: 'ssh' },
  },
  { name: 'connection no id', method: 'POST', path: '/api/v2/connections', body: { conn_type: 'ssh' } },
  {
    name: 'connection bad id',
    method: 'POST',
    path: '/api/v2/connections',
    body: { connection_id: 'bad id!', conn_type: 'ssh' },
  },
  {
    name: 'connection bad extra',
    method: 'POST',
    path: '/api/v2/connections',
    body: { connection_id: 'c2', conn_type: 'ssh', extra: 'not json' },
  },
  { name: 'connections', path: '/api/v2/connections', exact: true },
  { name: 'connection', path: '/api/v2/connections/c1', exact: true },
  { name: 'connection 404', path: '/api/v2/connections/nope' },
  {
    name: 'connection patch',
    method: 'PATCH',
    path: '/api/v2/connections/c1',
    body: {
      connection_id: 'c1',
      conn_type: 'ssh',
      host: 'h2',
      password: '***',
      extra: '{"private_key": "***", "x": 2}',
    },
    exact: true,
  },
  {
    name: 'connection patch mask',
    method: 'PATCH',
    path: '/api/v2/connections/c1?update_mask=port',
    body: { connection_id: 'c1', conn_type: 'ssh', port: 2222, host: 'ignored' },
    exact: true,
  },
  {
    name: 'connection patch other id',
    method: 'PATCH',
    path: '/api/v2/connections/c1',
    body: { connection_id: 'c9', conn_type: 'ssh' },
  },
  {
    name: 'connection patch 404',
    method: 'PATCH',
    path: '/api/v2/connections/nope',
    body: { connection_id: 'nope', conn_type: 'ssh' },
  },
  {
    name: 'connection test',
    method: 'POST',
    path: '/api/v2/connections/test',
    body: { connection_id: 't', conn_type: 'ssh' },
  },
  { name: 'connection delete', method: 'DELETE', path: '/api/v2/connections/c1' },
  { name: 'connection delete 404', method: 'DELETE', path: '/api/v2/connections/c1' },
  {
    name: 'variable create',
    method: 'POST',
    path: '/api/v2/variables',
    body: { key: 'k1', value: 'v1', description: 'd' },
    exact: true,
  },
  {
    name: 'variable create secret',
    method: 'POST',
    path: '/api/v2/variables',
    body: { key: 'my_password', value: 'hunter2' },
    exact: true,
  },
  {
    name: 'variable create json',
    method: 'POST',
    path: '/api/v2/variables',
    body: { key: 'cfg', value: { api_key: 'abc', n: [1, 2] } },
    exact: true,
  },
  { name: 'variable duplicate', method: 'POST', path: '/api/v2/variables', body: { key: 'k1', value: 'v1' } },
  { name: 'variable no key', method: 'POST', path: '/api/v2/variables', body: { value: 'v1' } },
  { name: 'variables', path: '/api/v2/variables?order_by=key', exact: true },
  { name: 'variable', path: '/api/v2/variables/k1', exact: true },
  { name: 'variable 404', path: '/api/v2/variables/nope' },
  {
    name: 'variable patch',
    method: 'PATCH',
    path: '/api/v2/variables/k1',
    body: { key: 'k1', value: 'v2' },
    exact: true,
  },
  { name: 'variable patch other key', method: 'PATCH', path: '/api/v2/variables/k1', body: { key: 'k2', value: 'v2' } },
  { name: 'variable delete', method: 'DELETE', path: '/api/v2/variables/k1' },
  { name: 'variable delete 404', method: 'DELETE', path: '/api/v2/variables/k1' },
  { name: 'pools', path: '/api/v2/pools', values: ['total_entries', 'pools[*].name', 'pools[*].slots'] },
  { name: 'pool', path: '/api/v2/pools/default_pool', values: ['name', 'slots', 'description'] },
  { name: 'pool 404', path: '/api/v2/pools/nope' },
  { name: 'import errors', path: '/api/v2/importErrors', values: ['total_entries', 'import_errors[*].filename'] },
  { name: 'import error 404', path: '/api/v2/importErrors/9999' },
  { name: 'import error not a number', path: '/api/v2/importErrors/abc' },
  { name: 'assets', path: '/api/v2/assets', exact: true },
  { name: 'asset events', path: '/api/v2/assets/events', exact: true },
  { name: 'asset 404', path: '/api/v2/assets/9999' },
];

async function send(s: Server, c: Case, pw: string): Promise<Answer> {
  const fill = (t: string, run: string) =>
    t.replaceAll('{run}', run).replaceAll('{pw}', pw).replaceAll('{token}', s.token);
  const headers: Record<string, string> = Object.fromEntries(
    Object.entries(c.headers ?? {}).map(([k, v]) => [k, fill(v, s.run)]),
  );
  if (c.auth === undefined) headers.authorization = `Bearer ${s.token}`;
  else if (typeof c.auth === 'function') headers.authorization = `Bearer ${await c.auth(s)}`;
  let body: string | undefined;
  if (c.raw !== undefined) body = fill(c.raw, s.run);
  else if (c.body !== undefined) {
    body = fill(JSON.stringify(c.body), s.run);
    headers['content-type'] ??= 'application/json';
  }
  const r = await fetch(s.url + fill(c.path, encodeURIComponent(s.run)), { method: c.method ?? 'GET', headers, body });
  const text = await r.text();
  const type = (r.headers.get('content-type') ?? '').split(';')[0]!;
  let parsed: unknown = text;
  if (type === 'application/json') parsed = text ? (JSON.parse(text) as unknown) : null;
  return { status: r.status, body: parsed, type };
}

/** Replaces what legitimately differs between two servers: run ids, the random id of a 409. */
function normalise(v: unknown, s: Server): unknown {
  return JSON.parse(
    JSON.stringify(v)
      .replaceAll(s.run, '{run}')
      .replace(/look for ID [A-Za-z0-9_-]{8}/g, 'look for ID <id>'),
  );
}

const present = existsSync(AIRFLOW3_VENV);

describe('REST API v2: mwaa-agent on an Airflow 3.3.1 environment against a real Airflow 3.3.1', () => {
  let root: string;
  let airflow: Airflow3Server | undefined;
  let agent: AgentOnFolder | undefined;
  const servers = {} as Record<Side, Server>;

  beforeAll(async () => {
    if (!present) return;
    root = await mkdtemp(join(tmpdir(), 'mwaa-api3-diff-'));
    const dirs = { airflow: join(root, 'airflow-dags'), agent: join(root, 'agent-dags') };
    for (const dir of Object.values(dirs)) {
      await mkdir(dir);
      for (const [name, text] of Object.entries(DAGS)) await writeFile(join(dir, name), text);
    }
    // Each is kept as soon as it runs, so afterAll stops it even when the other failed to start.
    await Promise.all([
      startAirflow3(dirs.airflow).then((a) => (airflow = a)),
      startAgentOnFolder(dirs.agent, REQUIREMENTS_3_3_1).then((a) => (agent = a)),
    ]);
    if (!airflow || !agent) throw new Error('unreachable: both started');
    const sides: [Side, string, string, () => Promise<string>][] = [
      ['airflow', airflow.url, airflow.password, async () => airflow!.jwtSecret],
      ['agent', agent.url, agent.password, () => agent!.jwtSecret()],
    ];
    await Promise.all(
      sides.map(async ([side, url, password, secret]) => {
        const login = await fetch(`${url}/auth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password }),
        });
        const { access_token: token } = (await login.json()) as { access_token: string };
        const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        await eventually(
          `diff_chain, diff_paused and broken.py parsed by ${side}`,
          async () => {
            const dags = (await (await fetch(`${url}/api/v2/dags`, { headers: auth })).json()) as {
              total_entries: number;
            };
            const errors = (await (await fetch(`${url}/api/v2/importErrors`, { headers: auth })).json()) as {
              total_entries: number;
            };
            return dags.total_entries === 2 && errors.total_entries === 1 ? true : undefined;
          },
          120_000,
          500,
        );
        await fetch(`${url}/api/v2/dags/diff_chain`, {
          method: 'PATCH',
          headers: auth,
          body: JSON.stringify({ is_paused: false }),
        });
        const run = (await (
          await fetch(`${url}/api/v2/dags/diff_chain/dagRuns`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({ logical_date: null }),
          })
        ).json()) as { dag_run_id: string };
        await eventually(
          `the run of diff_chain to succeed on ${side}`,
          async () => {
            const r = (await (
              await fetch(`${url}/api/v2/dags/diff_chain/dagRuns/${encodeURIComponent(run.dag_run_id)}`, {
                headers: auth,
              })
            ).json()) as { state: string };
            if (r.state === 'failed') throw new Error(`the run failed on ${side}`);
            return r.state === 'success' ? true : undefined;
          },
          180_000,
          500,
        );
        servers[side] = { url, token, secret: await secret(), run: run.dag_run_id };
      }),
    );
  }, 600_000);

  afterAll(async () => {
    await Promise.all([airflow?.stop(), agent?.stop()]);
    if (root) await rm(root, { recursive: true, force: true });
  });

  it.skipIf(!present && process.env.CI !== 'true')(
    'answers every request with the same status, shape and deterministic values, apart from the known differences',
    async () => {
      if (!present) throw new Error(`${AIRFLOW3_VENV} is missing: run infra/setup.d/21-airflow3.sh`);
      const differences: string[] = [];
      for (const c of CASES) {
        const [real, ours] = await Promise.all([
          send(servers.airflow, c, airflow!.password),
          send(servers.agent, c, agent!.password),
        ]);
        const [a, b] = [normalise(real.body, servers.airflow), normalise(ours.body, servers.agent)];
        if (real.status !== ours.status) {
          differences.push(
            `${c.name} status: ${real.status} ≠ ${ours.status} (${JSON.stringify(a).slice(0, 300)} | ${JSON.stringify(b).slice(0, 300)})`,
          );
          continue;
        }
        if (real.type !== ours.type) differences.push(`${c.name} content-type: ${real.type} ≠ ${ours.type}`);
        if (c.name.startsWith('log') && real.status === 200) {
          differences.push(...logDifferences(c.name, a, b));
          continue;
        }
        if (c.name.startsWith('token') && real.status === 201) continue;
        differences.push(...shapeDifferences(a, b).map((d) => `${c.name} ${d}`));
        if (c.exact || real.status >= 400) {
          if (JSON.stringify(a) !== JSON.stringify(b))
            differences.push(`${c.name} body: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
        }
        for (const path of c.values ?? []) {
          const [x, y] = [JSON.stringify(valuesAt(a, path)), JSON.stringify(valuesAt(b, path))];
          if (x !== y) differences.push(`${c.name} ${path}: ${x} ≠ ${y}`);
        }
      }
      const unexpected = differences.filter((d) => !KNOWN.some((k) => k.pattern.test(d)));
      const stale = KNOWN.filter((k) => !differences.some((d) => k.pattern.test(d))).map((k) => k.pattern.source);
      expect({ unexpected, stale }).toEqual({ unexpected: [], stale: [] });
    },
    300_000,
  );
});

/**
 * A task log: the three source lines first, then records that each have a string `event` (Airflow 3 writes
 * structured records; the agent's records are checked record by record in tasks/airflow3-task-log-differential).
 */
function logDifferences(name: string, real: unknown, ours: unknown): string[] {
  const out: string[] = [];
  type Log = { content: { event: string }[]; continuation_token: unknown };
  const lines = (v: unknown): Log =>
    typeof v === 'string'
      ? {
          content: v
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as { event: string }),
          continuation_token: null,
        }
      : (v as Log);
  const [x, y] = [lines(real), lines(ours)];
  if (typeof real === 'string' && JSON.stringify(x.content[0]) !== JSON.stringify(y.content[0]))
    out.push(`${name} first line: ${JSON.stringify(x.content[0])} ≠ ${JSON.stringify(y.content[0])}`);
  if (!Array.isArray(x.content) || !Array.isArray(y.content)) return [`${name}: content is not a list`];
  const head = (c: { event: string }[]) => [c[0]?.event, c[2]?.event, /attempt=1\.log$/.test(c[1]?.event ?? '')];
  if (JSON.stringify(head(x.content)) !== JSON.stringify(head(y.content)))
    out.push(`${name} source lines: ${JSON.stringify(head(x.content))} ≠ ${JSON.stringify(head(y.content))}`);
  if (!y.content.every((m) => typeof m.event === 'string')) out.push(`${name}: a record without an event`);
  if (x.continuation_token !== y.continuation_token)
    out.push(`${name} continuation_token: ${String(x.continuation_token)} ≠ ${String(y.continuation_token)}`);
  return out;
}
