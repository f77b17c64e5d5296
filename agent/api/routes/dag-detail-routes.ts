import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { AirflowProfile } from '../../airflow/airflow-profile.js';
import type { DagSpec, TaskSpec } from '../../dags/dag-model.js';
import type { ApiDeps } from '../api-deps.js';
import { apiDate } from '../api-date.js';
import { dagJson } from '../json-shapes.js';
import { operatorFacts } from '../operator-facts.js';
import { ProblemError } from '../problem.js';

type Params = { dag_id: string };

/** Python's timedelta in Airflow 2's API (`TimeDeltaSchema`). */
function timeDelta(seconds: number | null): Record<string, unknown> | null {
  if (seconds === null) return null;
  const days = Math.floor(seconds / 86_400);
  const rest = seconds - days * 86_400;
  const whole = Math.floor(rest);
  return { __type: 'TimeDelta', days, seconds: whole, microseconds: Math.round((rest - whole) * 1e6) };
}

/** `{name: Param.dump()}` as Airflow 2 serialises a DAG's params (each task carries the DAG's). */
function paramsJson(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([k, value]) => [
      k,
      { __class: 'airflow.models.param.Param', value, description: null, schema: {} },
    ]),
  );
}

/** Airflow 2's TaskSchema, keys in its order; BashOperator's template fields are the emulated version's. */
function taskJson(dag: DagSpec, task: TaskSpec, profile: AirflowProfile): Record<string, unknown> {
  const facts = operatorFacts(task.operator);
  const templateFields =
    task.operator === 'BashOperator' ? [...profile.bashOperator.templateFields] : facts.templateFields;
  return {
    class_ref: { module_path: facts.modulePath2, class_name: task.operator },
    operator_name: task.operator,
    task_id: task.taskId,
    task_display_name: task.taskId,
    owner: task.owner,
    start_date: apiDate(dag.startDate),
    end_date: apiDate(dag.endDate),
    trigger_rule: task.triggerRule,
    extra_links: facts.extraLinks.map((name) => ({ class_ref: { class_name: name, module_path: null } })),
    depends_on_past: task.dependsOnPast,
    wait_for_downstream: false,
    retries: task.retries,
    queue: 'default',
    pool: 'default_pool',
    pool_slots: 1,
    execution_timeout: timeDelta(task.executionTimeoutSeconds),
    retry_delay: timeDelta(task.retryDelaySeconds),
    retry_exponential_backoff: task.retryExponentialBackoff,
    priority_weight: typeof task.args.priority_weight === 'number' ? task.args.priority_weight : 1,
    weight_rule: 'downstream',
    ui_color: facts.uiColor,
    ui_fgcolor: facts.uiFgColor,
    template_fields: templateFields,
    downstream_task_ids: task.downstream,
    params: paramsJson(dag.params),
    is_mapped: task.mapping !== undefined,
    doc_md: null,
  };
}

const dagNotFound = (dagId?: string) =>
  new ProblemError(404, dagId === undefined ? null : `The DAG with dag_id: ${dagId} was not found`, 'DAG not found');

/**
 * The stable API's DAG structure endpoints of Airflow 2.10: GET /dags/{dag_id}/details, /dags/{dag_id}/tasks,
 * /dags/{dag_id}/tasks/{task_id}, and /dagSources/{file_token}, from the parsed DAG (no run needed).
 */
export function registerDagDetailRoutes(app: FastifyInstance, deps: ApiDeps, pausedDefault: () => boolean): void {
  app.get<{ Params: Params }>('/api/v1/dags/:dag_id/details', async (req) => {
    const dag = deps.dags.get(req.params.dag_id);
    if (!dag) throw dagNotFound(req.params.dag_id);
    const rec = deps.store.getDag(dag.dagId);
    const base = dagJson(dag, rec, deps.scheduleInfo(dag, rec, deps.clock.now()), pausedDefault());
    return {
      ...base,
      // DAGDetailSchema reads `owner` of the DAG object, which a DAG does not have. Its tags come from the
      // metastore's dag_tag rows, in no set order (Airflow writes them from a Python set); here sorted.
      owners: [],
      timezone: dag.timezone,
      catchup: dag.catchup,
      orientation: 'LR',
      concurrency: dag.maxActiveTasks,
      dataset_expression: null,
      start_date: apiDate(dag.startDate),
      dag_run_timeout: timeDelta(dag.dagrunTimeoutSeconds),
      doc_md: null,
      params: paramsJson(dag.params),
      is_paused_upon_creation: dag.isPausedUponCreation,
      end_date: apiDate(dag.endDate),
      template_searchpath: null,
      render_template_as_native_obj: false,
      last_parsed: apiDate(rec?.lastParsedTime),
    };
  });

  app.get<{ Params: Params; Querystring: { order_by?: string } }>('/api/v1/dags/:dag_id/tasks', async (req) => {
    const dag = deps.dags.get(req.params.dag_id);
    if (!dag) throw dagNotFound();
    const order = req.query.order_by ?? 'task_id';
    const field = order.replace(/^-/, '');
    const tasks = dag.tasks.map((t) => taskJson(dag, t, deps.profile()));
    if (!tasks.every((t) => field in t))
      throw new ProblemError(400, `'${tasks[0]?.operator_name ?? 'BaseOperator'}' object has no attribute '${field}'`);
    const key = (t: Record<string, unknown>) => JSON.stringify(t[field] ?? null);
    tasks.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    if (order.startsWith('-')) tasks.reverse();
    return { tasks, total_entries: tasks.length };
  });

  app.get<{ Params: Params & { task_id: string } }>('/api/v1/dags/:dag_id/tasks/:task_id', async (req) => {
    const dag = deps.dags.get(req.params.dag_id);
    if (!dag) throw dagNotFound();
    const task = dag.tasks.find((t) => t.taskId === req.params.task_id);
    if (!task) throw new ProblemError(404, null, 'Task not found');
    return taskJson(dag, task, deps.profile());
  });

  app.get<{ Params: { file_token: string } }>('/api/v1/dagSources/:file_token', async (req, reply) => {
    // The token names a DAG file of the DAG folder (json-shapes.ts); anything else is not a source here.
    const relative = Buffer.from(req.params.file_token, 'base64url').toString('utf8');
    const dag = deps.dags.list().find((d) => d.relativeFileloc === relative);
    const content = dag ? await readFile(dag.fileloc, 'utf8').catch(() => null) : null;
    if (content === null) throw new ProblemError(404, null, 'Dag source not found');
    const accept = String(req.headers.accept ?? '*/*');
    if (/text\/plain/.test(accept) && !/application\/json/.test(accept)) return reply.type('text/plain').send(content);
    if (/application\/json|\*\/\*/.test(accept)) return reply.type('application/json').send({ content });
    return reply.code(406).type('text/html; charset=utf-8').send('Not Allowed Accept Header');
  });
}
