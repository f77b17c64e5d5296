import type { AirflowProfile } from '../airflow/airflow-profile.js';
import type { ConnectionLookup } from '../connections/connection-lookup.js';
import type { SecretRegistry } from './operator.js';
import type { TaskLogger } from './task-log.js';

/** What a running trigger gets: its task's attempt log, the agent's connections, and its stop signal. */
export interface TriggerContext {
  ti: { dagId: string; runId: string; taskId: string; tryNumber: number };
  log: TaskLogger;
  secrets: SecretRegistry;
  connections: ConnectionLookup;
  profile: AirflowProfile;
  dagsDir: string;
  stateDir: string;
  /** Aborted when the trigger must stop: the agent stops (the task stays deferred) or the task left deferred. */
  signal: AbortSignal;
  /**
   * Records the trigger's progress (its kwargs as `serialize()` would give them now), so a restarted agent
   * re-creates it where it was (the remote job's log offset) instead of from the start.
   */
  saveKwargs(kwargs: Record<string, unknown>): void;
}

/**
 * Airflow's BaseTrigger: an async wait that ends with its first event (`TriggerEvent(payload)`). A trigger keeps
 * no state beyond the kwargs it was made from (and saves): the trigger loop re-creates it from them.
 */
export interface Trigger {
  /** Resolves with the event's payload; rejects when the trigger fails or its signal aborts. */
  run(ctx: TriggerContext): Promise<unknown>;
}

/** Makes the triggers of some classpaths (`airflow.providers.ssh.triggers.ssh_remote_job.SSHRemoteJobTrigger`). */
export interface TriggerFactory {
  readonly classpaths: readonly string[];
  create(classpath: string, kwargs: Record<string, unknown>): Trigger;
}
