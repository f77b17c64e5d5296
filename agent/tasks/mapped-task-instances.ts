import type { Logger } from '../core/logger.js';
import type { DagSpec, TaskSpec } from '../dags/dag-model.js';
import { newTaskInstances } from '../runs/new-task-instances.js';
import type { DagRunRecord } from '../runs/run-records.js';
import type { RunStore } from '../runs/run-store.js';
import { PythonException } from '../python/exceptions.js';
import {
  ExpansionError,
  expandedArguments,
  mappedTask,
  mappingSources,
  NotFullyPopulated,
  type PushedValue,
} from './task-expansion.js';

/**
 * The run store side of dynamic task mapping: expanding a mapped task's instances when it becomes
 * schedulable (Airflow's `expand_mapped_task`), the arguments one mapped instance runs with, and the check
 * Airflow makes when a task with mapped dependants pushes its return value.
 */

function pushedValues(store: RunStore, run: DagRunRecord): PushedValue {
  return (taskId) => {
    const x = store.getXCom(run.dagId, run.runId, taskId, 'return_value');
    return x ? (JSON.parse(x.value) as unknown) : undefined;
  };
}

export interface ExpandOptions {
  store: RunStore;
  log: Logger;
  dag: DagSpec;
  run: DagRunRecord;
  taskId: string;
}

/**
 * `expand_mapped_task`: the unexpanded instance (map index -1) becomes map index 0 and instances 1…n-1 are
 * added; nothing to expand marks it skipped; an upstream value that is missing marks it upstream_failed.
 */
export function expandMappedTask({ store, log, dag, run, taskId }: ExpandOptions): void {
  const task = dag.tasks.find((t) => t.taskId === taskId);
  if (!task?.mapping) return;
  const fields = { dagId: run.dagId, runId: run.runId, taskId };
  let length: number;
  try {
    length = expandedArguments(task.mapping, pushedValues(store, run)).length;
  } catch (e) {
    if (!(e instanceof NotFullyPopulated || e instanceof ExpansionError)) throw e;
    log.error(
      { ...fields, err: e.message },
      e instanceof NotFullyPopulated
        ? `Cannot expand <Mapped(${task.operator}): ${taskId}> for run ${run.runId}; missing upstream values: ['${e.message}']`
        : `Cannot expand <Mapped(${task.operator}): ${taskId}> for run ${run.runId}: ${e.message}`,
    );
    store.updateTaskInstance(run.dagId, run.runId, taskId, { state: 'upstream_failed' });
    return;
  }
  if (length < 1) {
    log.info(
      fields,
      `Marking <TaskInstance: ${dag.dagId}.${taskId} ${run.runId} [None]> as SKIPPED since the map has 0 values to expand`,
    );
    store.updateTaskInstance(run.dagId, run.runId, taskId, { state: 'skipped' });
    return;
  }
  store.updateTaskInstance(run.dagId, run.runId, taskId, { mapIndex: 0 });
  const rows = newTaskInstances(run.dagId, run.runId, [task]);
  store.addTaskInstances(Array.from({ length: length - 1 }, (_, i) => ({ ...rows[0]!, mapIndex: i + 1 })));
  log.info({ ...fields, mapped: length }, 'mapped task expanded');
}

/** The task as the instance of `mapIndex` runs it: its partial arguments with its own mapped ones. */
export function mappedInstanceTask(
  store: RunStore,
  _dag: DagSpec,
  task: TaskSpec,
  run: DagRunRecord,
  mapIndex: number,
): TaskSpec {
  if (!task.mapping) return task;
  const args = expandedArguments(task.mapping, pushedValues(store, run))[mapIndex];
  if (!args) throw new PythonException('IndexError', `map index ${mapIndex} is past the expansion of ${task.taskId}`);
  return mappedTask(task, args);
}

/**
 * `_record_task_map_for_downstreams`: a task that mapped tasks expand over must push a list or a dict no
 * longer than `[core] max_map_length`; otherwise the task fails with Airflow's exception.
 */
export function checkMappable(dag: DagSpec, task: TaskSpec, value: unknown, maxMapLength: number): void {
  if (task.mapping) return;
  const dependants = dag.tasks.some((t) => t.mapping && mappingSources(t.mapping).includes(task.taskId));
  if (!dependants) return;
  if (value === null || typeof value !== 'object') {
    const name =
      typeof value === 'string'
        ? 'str'
        : typeof value === 'number'
          ? Number.isInteger(value)
            ? 'int'
            : 'float'
          : typeof value === 'boolean'
            ? 'bool'
            : 'NoneType';
    throw new PythonException('UnmappableXComTypePushed', `unmappable return type '${name}'`);
  }
  const length = Array.isArray(value) ? value.length : Object.keys(value).length;
  if (length > maxMapLength)
    throw new PythonException(
      'UnmappableXComLengthPushed',
      `unmappable return value length: ${length} > ${maxMapLength}`,
    );
}
