import type { DagParseResult, DagSpec, TaskSpec } from './dag-model.js';

/** `mwaa-agent dags parse --output json` (snake_case, the shape the differential test compares). */
export interface DagParseJson {
  dags: {
    dag_id: string;
    fileloc: string;
    schedule: DagSpec['scheduleAsWritten'];
    start_date: string | null;
    end_date: string | null;
    timezone: string;
    catchup: boolean;
    max_active_runs: number;
    max_active_tasks: number;
    tags: string[];
    tasks: {
      task_id: string;
      operator: string;
      downstream_task_ids: string[];
      trigger_rule: string;
      retries: number;
      retry_delay_seconds: number;
      execution_timeout_seconds: number | null;
      args: Record<string, unknown>;
    }[];
  }[];
  import_errors: { filename: string; line: number | null; message: string }[];
  /** DagBag's captured warnings (deprecated import paths, …), in file and line order. */
  warnings: { filename: string; line: number | null; category: string; message: string }[];
}

export function dagParseJson(result: DagParseResult): DagParseJson {
  return {
    dags: [...result.dags].sort((a, b) => cmp(a.dagId, b.dagId)).map(dagJson),
    import_errors: [...result.importErrors]
      .sort((a, b) => cmp(a.filename, b.filename) || (a.line ?? 0) - (b.line ?? 0))
      .map((e) => ({ filename: e.filename, line: e.line, message: e.message })),
    warnings: (result.warnings ?? []).map((w) => ({
      filename: w.filename,
      line: w.line,
      category: w.category,
      message: w.message,
    })),
  };
}

function dagJson(d: DagSpec): DagParseJson['dags'][number] {
  return {
    dag_id: d.dagId,
    fileloc: d.relativeFileloc,
    schedule: d.scheduleAsWritten,
    start_date: d.startDate,
    end_date: d.endDate,
    timezone: d.timezone,
    catchup: d.catchup,
    max_active_runs: d.maxActiveRuns,
    max_active_tasks: d.maxActiveTasks,
    tags: [...d.tags].sort(),
    tasks: [...d.tasks]
      .sort((a, b) => cmp(a.taskId, b.taskId))
      .map((t) => ({
        task_id: t.taskId,
        operator: t.mapping?.decorated ? 'DecoratedMappedOperator' : t.operator,
        downstream_task_ids: [...t.downstream].sort(),
        trigger_rule: t.triggerRule,
        retries: t.retries,
        retry_delay_seconds: t.retryDelaySeconds,
        execution_timeout_seconds: t.executionTimeoutSeconds,
        args: t.mapping ? partialArgs(t) : t.args,
      })),
  };
}

/** A mapped task shows the reported arguments its partial() was given (Airflow's `partial_kwargs`). */
function partialArgs(t: TaskSpec): Record<string, unknown> {
  const given = new Set(t.mapping?.partialArgs);
  return Object.fromEntries(Object.entries(t.args).filter(([k]) => given.has(k)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
