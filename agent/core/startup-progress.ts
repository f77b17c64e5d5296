import type { Clock } from './clock.js';

/** The steps of a start, in MWAA's order: the bucket's files, the startup script, requirements, the DAG files. */
export const STARTUP_STEPS = ['mirror', 'startup_script', 'requirements', 'dag_parse'] as const;
export type StartupStepName = (typeof STARTUP_STEPS)[number];

/**
 * `pending` not reached yet; `running`; `done`; `skipped` (nothing to do: no bucket, no script); `timed_out`
 * (the start went on without it, as it does after the mirror's first-cycle wait or the script's time limit).
 */
export type StartupStepStatus = 'pending' | 'running' | 'done' | 'skipped' | 'timed_out';

export interface StartupStep {
  status: StartupStepStatus;
  started_at: string | null;
  finished_at: string | null;
  /** One line on what happened (why skipped, how it ended). */
  detail: string | null;
}

/** How far the first read of the DAG folder is: files read of the files found (null until listed). */
export interface ParseCount {
  files_parsed: number;
  files_total: number | null;
}

/** The agent's start as `/mwaa-agent/ready` and `mwaa-agent/status` show it. */
export interface StartupReport {
  /** True once the first read of the DAG folder is done: the API then answers from every DAG file. */
  ready: boolean;
  /** The step in progress, or null when ready. */
  phase: StartupStepName | null;
  started_at: string;
  ready_at: string | null;
  steps: Record<StartupStepName, StartupStep>;
  dag_files: ParseCount | null;
}

/**
 * Records the start's steps as the app takes them. The API reads {@link report} per request (the socket listens
 * from the start, before any step); the parse count comes from a function so it is read live, never copied.
 */
export class StartupProgress {
  readonly #clock: Clock;
  readonly #startedAt: string;
  #readyAt: string | null = null;
  readonly #steps = Object.fromEntries(
    STARTUP_STEPS.map((s) => [s, { status: 'pending', started_at: null, finished_at: null, detail: null }]),
  ) as Record<StartupStepName, StartupStep>;
  #parseCount: () => ParseCount | null = () => null;

  constructor(clock: Clock) {
    this.#clock = clock;
    this.#startedAt = clock.now().toISOString();
  }

  get ready(): boolean {
    return this.#readyAt !== null;
  }

  begin(step: StartupStepName): void {
    this.#steps[step] = { status: 'running', started_at: this.#now(), finished_at: null, detail: null };
  }

  end(step: StartupStepName, status: Exclude<StartupStepStatus, 'pending' | 'running'>, detail?: string): void {
    const s = this.#steps[step];
    this.#steps[step] = {
      ...s,
      status,
      started_at: s.started_at ?? this.#now(),
      finished_at: this.#now(),
      detail: detail ?? null,
    };
  }

  /** Where the first parse's count is read while it runs (the DAG registry's progress). */
  countParseWith(count: () => ParseCount | null): void {
    this.#parseCount = count;
  }

  /** The first read of the DAG folder is done: the API serves everything from now on. */
  markReady(): void {
    this.#readyAt ??= this.#now();
  }

  report(): StartupReport {
    const parse = this.#steps.dag_parse;
    const count = parse.status === 'pending' ? null : this.#parseCount();
    return {
      ready: this.ready,
      phase: this.ready ? null : (STARTUP_STEPS.find((s) => this.#steps[s].status === 'running') ?? null),
      started_at: this.#startedAt,
      ready_at: this.#readyAt,
      steps: structuredClone(this.#steps),
      dag_files: count,
    };
  }

  #now(): string {
    return this.#clock.now().toISOString();
  }
}

/** The report in one line, for a 503's detail: "running the startup script", "reading DAG files (12 of 1000)". */
export function startupInWords(r: StartupReport): string {
  switch (r.phase) {
    case 'mirror':
      return "copying the bucket's files (the first sync)";
    case 'startup_script':
      return 'running the startup script';
    case 'requirements':
      return 'reading requirements.txt';
    case 'dag_parse': {
      const c = r.dag_files;
      return c?.files_total == null
        ? 'listing the DAG folder'
        : `reading DAG files (${c.files_parsed} of ${c.files_total})`;
    }
    default:
      if (r.ready) return 'ready';
      return r.steps.dag_parse.status === 'done' ? 'starting the scheduler' : 'loading';
  }
}
