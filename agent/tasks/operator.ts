import type { AirflowProfile } from '../airflow/airflow-profile.js';
import type { ConnectionLookup } from '../connections/connection-lookup.js';
import type { DagSpec, TaskSpec } from '../dags/dag-model.js';
import type { DagRunRecord } from '../runs/run-records.js';
import type { TaskLogger } from './task-log.js';

/** Registers values that must never appear in task logs (Airflow's secrets masker). */
export interface SecretRegistry {
  addSecret(value: string): void;
}

export interface OperatorContext {
  dag: DagSpec;
  task: TaskSpec;
  run: DagRunRecord;
  tryNumber: number;
  /** Operator arguments after Jinja rendering of the operator's template_fields. */
  args: Record<string, unknown>;
  log: TaskLogger;
  secrets: SecretRegistry;
  connections: ConnectionLookup;
  profile: AirflowProfile;
  /** Absolute DAG folder (where `/usr/local/airflow/dags/...` paths map to). */
  dagsDir: string;
  /** State folder (known_hosts lives here). */
  stateDir: string;
  /** Aborted on execution_timeout, on run timeout, or when the agent stops. */
  signal: AbortSignal;
  /** Bytes of task output an operator may hold in memory (SSH's aggregated stdout for XCom); null: no cap. */
  maxOutputBytes?: number | null;
  /**
   * A task back from its trigger: the method it continues in (`execute_complete`) and the trigger's event.
   * Null or absent for a task's first execute().
   */
  resume?: ResumePoint | null;
  pushXCom(key: string, value: unknown): void;
}

/** Where a deferred task continues: Airflow's `next_method`, and the trigger's event from `next_kwargs`. */
export interface ResumePoint {
  method: string;
  event: unknown;
}

/** `self.defer(trigger=…, method_name=…, timeout=…)`: the task waits on a trigger, holding no worker slot. */
export interface Deferral {
  /** The trigger's `serialize()`: what the trigger loop (also after a restart) re-creates it from. */
  trigger: { classpath: string; kwargs: Record<string, unknown> };
  method: string;
  /** Seconds until the task fails with TaskDeferralTimeout; null = no limit. */
  timeoutS: number | null;
}

/**
 * How an operator finished. Throwing means failure: the thrown error's message is what Airflow would put
 * after the exception class in "Task failed with exception" (e.g. "SSH operator error: exit status = 1").
 */
export type OperatorOutcome =
  | { state: 'success'; returnValue?: unknown }
  | { state: 'skipped'; reason: string }
  | { state: 'deferred'; deferral: Deferral };

export interface Operator {
  /** Class names handled, e.g. ["SSHOperator"]. */
  readonly operatorNames: readonly string[];
  /** Argument names rendered with Jinja (Airflow's template_fields). */
  templateFields(profile: AirflowProfile): readonly string[];
  /** File extensions that make a templated string a template file (Airflow's template_ext). */
  templateExt(profile: AirflowProfile): readonly string[];
  execute(ctx: OperatorContext): Promise<OperatorOutcome>;
  /** The agent is exiting: end everything still running at once (no grace period). */
  killAll?(): void;
}
