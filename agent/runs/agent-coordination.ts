import type { TaskInstanceRecord } from './run-records.js';

/** One agent on a shared state database (Airflow's SchedulerJob row). */
export interface AgentJob {
  agentId: string;
  hostname: string;
  pid: number;
  agentVersion: string;
}

/** What {@link AgentCoordination.adoptOrphans} did. */
export interface Adoption {
  /** Agents whose heartbeat was too old, marked failed by this call. */
  failedAgents: AgentJob[];
  /** Queued and running task instances of agents that are not running, now this agent's. */
  adopted: TaskInstanceRecord[];
}

/**
 * Several agents on one state database, as Airflow runs several schedulers on one metadata database: each
 * scheduling pass runs under one row lock taken `FOR UPDATE NOWAIT` (a pass that finds it taken is skipped),
 * each agent heartbeats, and a dead agent's task instances are adopted by another. Only the PostgreSQL store
 * has it: a SQLite file serves one agent.
 */
export interface AgentCoordination {
  readonly agentId: string;
  /** Records this agent as running. */
  register(): void;
  /** Airflow's job heartbeat. */
  heartbeat(): void;
  /** Records a clean stop. */
  end(): void;
  /**
   * Runs `pass` holding the scheduling lock; `{ ran: false }` without running it when another agent holds
   * the lock. Re-entrant within the process.
   */
  critical<T>(pass: () => T): { ran: true; value: T } | { ran: false };
  /** Airflow's `adopt_or_reset_orphaned_tasks` with `scheduler_health_check_threshold` = `thresholdS`. */
  adoptOrphans(thresholdS: number): Adoption;
  /**
   * The deferred task instances whose triggers this agent runs, as Airflow's `Trigger.assign_unassigned` gives
   * each trigger to one triggerer: those it deferred, and those of agents that stopped or whose heartbeat is
   * older than `thresholdS` (`[triggerer] triggerer_health_check_threshold`), taken `FOR UPDATE SKIP LOCKED`.
   */
  assignTriggers(thresholdS: number): TaskInstanceRecord[];
}
