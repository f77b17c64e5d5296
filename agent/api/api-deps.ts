import type { AirflowProfile } from '../airflow/airflow-profile.js';
import type { Clock } from '../core/clock.js';
import type { DagSpec } from '../dags/dag-model.js';
import type { DagSource } from '../dags/dag-source.js';
import type { StartupReport } from '../core/startup-progress.js';
import type { RequirementsVerdict } from '../requirements/requirements-verdict.js';
import type { DagRecord, DagRunRecord } from '../runs/run-records.js';
import type { RunStore } from '../runs/run-store.js';
import type { S3TaskLogs } from '../tasks/s3-task-logs.js';

/** Scheduling fields of Airflow's DAG JSON, computed by the schedule stage. */
export interface DagScheduleInfo {
  /** null, {"__type":"CronExpression","value":…} or {"__type":"TimeDelta",…} as in Airflow's API. */
  scheduleInterval: unknown;
  timetableDescription: string | null;
  nextDagrun: string | null;
  nextDagrunDataIntervalStart: string | null;
  nextDagrunDataIntervalEnd: string | null;
  nextDagrunCreateAfter: string | null;
}

export interface TriggerRequest {
  runId?: string;
  logicalDate?: string;
  /** Given with a logical date (both ends, ISO 8601); otherwise the timetable infers it. */
  dataInterval?: { start: string; end: string };
  conf: Record<string, unknown>;
  note?: string | null;
  /** Airflow 3's `run_after` (ISO 8601); absent: now. */
  runAfter?: string;
  /** The user whose token triggered the run (Airflow 3's API records it). */
  triggeringUserName?: string;
}

/** What the HTTP layer needs from the running agent; function-typed where it reaches into a stage. */
export interface ApiDeps {
  clock: Clock;
  store: RunStore;
  dags: DagSource;
  stateDir: string;
  /** Task logs under `--logs-prefix`, read when this agent did not write them (or they are finished); absent: none. */
  remoteLogs?: S3TaskLogs | null;
  dagsDir: string;
  version: string;
  scheduleInfo(dag: DagSpec, record: DagRecord | undefined, now: Date): DagScheduleInfo;
  triggerRun(dag: DagSpec, req: TriggerRequest): DagRunRecord;
  requirements(): RequirementsVerdict;
  /** The emulated Airflow (its facts, version, SSH provider), looked up from the current verdict. */
  profile(): AirflowProfile;
  /** Where the Airflow version came from, in words ("the constraints URL in requirements.txt: …"). */
  airflowVersionSource(): string;
  mirrorStatus(): Promise<unknown> | unknown;
  /** Nudges the scheduler (after a trigger or an unpause) so the change takes effect at once. */
  wake(): void;
  /**
   * The scheduler's heartbeat and whether the agent's loops make progress (the watchdog); `/health` shows
   * them as Airflow's scheduler status, and whether the state store answered the last pass as its metadatabase
   * status. Absent: healthy once the API is up.
   */
  health?(): { healthy: boolean; heartbeat: Date | null; store?: boolean };
  /**
   * How far the agent's start is (the API listens from its beginning); until `ready`, /api answers 503 but for
   * the health endpoints. Absent: ready.
   */
  startup?(): StartupReport;
}
