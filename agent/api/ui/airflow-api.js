// The calls the pages make, on either REST API: Airflow 2's /api/v1 or Airflow 3's /api/v2. Each returns the
// same plain shape whichever API answered, so the pages do not care which one it was.
import { api, enc, request, session } from './lib.js';

const v2 = () => session.generation === 'v2';

function scheduleText(d) {
  if (v2()) return d.timetable_summary ?? 'None';
  const s = d.schedule_interval;
  if (s === null || s === undefined) return 'None';
  if (s.__type === 'CronExpression') return s.value;
  if (s.__type === 'TimeDelta') return `every ${s.days ? `${s.days}d ` : ''}${s.seconds}s`;
  return JSON.stringify(s);
}

const dagOf = (d) => ({
  dagId: d.dag_id,
  isPaused: d.is_paused,
  tags: d.tags.map((t) => t.name),
  schedule: scheduleText(d),
  nextRun: v2() ? d.next_dagrun_run_after : d.next_dagrun_create_after,
  fileloc: d.fileloc,
  fileToken: d.file_token,
  description: d.description,
});

// Airflow 3 runs triggered without a logical date have none: they are placed by run_after.
const runOf = (r) => ({
  runId: r.dag_run_id,
  state: r.state,
  when: r.logical_date ?? r.run_after ?? r.execution_date,
  logicalDate: r.logical_date ?? null,
  startDate: r.start_date,
  endDate: r.end_date,
  runType: r.run_type,
});

const tiOf = (t) => ({
  taskId: t.task_id,
  mapIndex: t.map_index ?? -1,
  state: t.state,
  tryNumber: t.try_number,
  maxTries: t.max_tries,
  operator: t.operator,
});

export async function listDags() {
  const { dags } = await api('/dags?limit=100');
  return dags.map(dagOf);
}

export const getDag = async (dagId) => dagOf(await api(`/dags/${enc(dagId)}`));

/** The DAG's tasks as parsed, whether or not it ever ran: id, operator, downstream ids. */
export async function listTasks(dagId) {
  const { tasks } = await api(`/dags/${enc(dagId)}/tasks`);
  return tasks.map((t) => ({ taskId: t.task_id, operator: t.operator_name, downstream: t.downstream_task_ids }));
}

export async function listRuns(dagId, limit) {
  const order = v2() ? '-run_after' : '-execution_date';
  const { dag_runs: runs } = await api(`/dags/${enc(dagId)}/dagRuns?order_by=${order}&limit=${limit}`);
  return runs.map(runOf);
}

export async function listTaskInstances(dagId, runId) {
  const { task_instances: tis } = await api(`/dags/${enc(dagId)}/dagRuns/${enc(runId)}/taskInstances?limit=100`);
  return tis.map(tiOf);
}

export async function getTaskInstance(dagId, runId, taskId, mapIndex) {
  const path = `/dags/${enc(dagId)}/dagRuns/${enc(runId)}/taskInstances/${enc(taskId)}`;
  return tiOf(await api(mapIndex >= 0 ? `${path}/${mapIndex}` : path));
}

export async function setPaused(dagId, paused) {
  const mask = v2() ? '' : '?update_mask=is_paused';
  await api(`/dags/${enc(dagId)}${mask}`, { method: 'PATCH', body: JSON.stringify({ is_paused: paused }) });
}

/** A manual run (Airflow 3 needs `logical_date` in the body; null lets the run have none). */
export async function triggerRun(dagId, conf) {
  const body = v2() ? { logical_date: null, conf } : { conf };
  return runOf(await api(`/dags/${enc(dagId)}/dagRuns`, { method: 'POST', body: JSON.stringify(body) }));
}

/**
 * An attempt's log as lines of text: Airflow 2 serves text; Airflow 3 structured records, shown here as its UI
 * does (`[time] LEVEL - event key=value`), with the "Log message source details" group folded into `sources`.
 */
export async function readLog(dagId, runId, taskId, tryNumber, mapIndex) {
  const path = `/api/${session.generation}/dags/${enc(dagId)}/dagRuns/${enc(runId)}/taskInstances/${enc(taskId)}/logs/${tryNumber}`;
  const query = mapIndex >= 0 ? `?map_index=${mapIndex}` : '';
  if (!v2()) {
    const res = await request(path + query, { headers: { accept: 'text/plain' } });
    const text = await res.text();
    if (!res.ok) throw new Error(JSON.parse(text).detail);
    return { sources: [], lines: text.split('\n') };
  }
  const res = await request(path + query, { headers: { accept: 'application/json' } });
  const body = await res.json();
  if (!res.ok) throw new Error(body.detail);
  const sources = [];
  const lines = [];
  let inSources = false;
  for (const m of body.content) {
    if (m.event === '::group::Log message source details') inSources = true;
    else if (inSources && m.event === '::endgroup::') inSources = false;
    else if (inSources) sources.push(m.event);
    else lines.push(structuredLine(m));
  }
  return { sources, lines };
}

const SHOWN = new Set(['timestamp', 'event', 'level', 'logger', 'filename', 'lineno']);
const TASK_KEYS = new Set(['ti_id', 'dag_id', 'run_id', 'task_id', 'try_number', 'map_index']);

function structuredLine(m) {
  if (!m.level) return m.event;
  const where = m.filename ? ` {${m.filename}:${m.lineno}}` : m.logger ? ` {${m.logger}}` : '';
  const extra = Object.entries(m)
    .filter(([k]) => !SHOWN.has(k) && !TASK_KEYS.has(k))
    .map(([k, v]) => ` ${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('');
  return `[${m.timestamp ?? ''}]${where} ${String(m.level).toUpperCase()} - ${m.event}${extra}`;
}

/** The DAG file's text: by file token on Airflow 2, by DAG id on Airflow 3. */
export async function readSource(dag) {
  if (v2()) return (await api(`/dagSources/${enc(dag.dagId)}`)).content;
  return (await api(`/dagSources/${enc(dag.fileToken)}`)).content;
}

export async function listImportErrors() {
  const { import_errors: errors } = await api('/importErrors');
  return errors.map((e) => ({ filename: e.filename, stackTrace: e.stack_trace }));
}

/** The agent's own status: the mirror and the requirements verdict (Airflow version and where it came from). */
export const agentStatus = () => api('/mwaa-agent/status');

/** Airflow 3 refuses connection tests unless `[core] test_connection` enables them (off by default). */
export const connectionTestsEnabled = () => !v2();
