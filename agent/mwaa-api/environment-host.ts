import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AgentApp, type ApiCredentials } from '../app/agent-app.js';
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { EventBus } from '../core/events.js';
import { LifecycleService } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { readJson, writeJsonAtomic } from '../mirror/json-file.js';
import { readMirrorStatus } from '../mirror/mirror-status.js';
import { configForEnvironment } from './environment-config.js';
import { environmentArn, type EnvironmentRecord, type EnvironmentStatus } from './environment-record.js';
import type { EnvironmentSpec } from './environment-spec.js';
import { notFound, validationError } from './mwaa-api-error.js';

export interface EnvironmentHostOptions {
  /** The agent's own configuration: folders, ports and credentials every environment uses. */
  config: Readonly<Config>;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  log: Logger;
  events: EventBus;
  /** Told each status change (the CLI rewrites the agent record). */
  onChange?: (record: EnvironmentRecord | null) => void;
}

/** The running environment: its agent and the API credentials the agent settled on. */
export interface RunningEnvironment {
  app: AgentApp;
  config: Readonly<Config>;
  credentials: ApiCredentials;
}

/** Statuses in which an environment accepts UpdateEnvironment and DeleteEnvironment, as on MWAA. */
const SETTLED: readonly EnvironmentStatus[] = ['AVAILABLE', 'UPDATE_FAILED', 'CREATE_FAILED'];

/**
 * The one environment this agent serves (MWAA's environment = the agent's configuration), through MWAA's
 * life cycle: CreateEnvironment starts an AgentApp for it (CREATING → AVAILABLE, or CREATE_FAILED);
 * UpdateEnvironment stops it and starts one with the new configuration (UPDATING → AVAILABLE), and when the
 * new requirements, plugins or startup script cannot be read or installed, starts the previous configuration
 * again and reports UPDATE_FAILED with the error, as MWAA rolls back; DeleteEnvironment stops it (DELETING,
 * then gone). The record survives restarts in `<state>/mwaa-environment.json`.
 */
export class EnvironmentHost extends LifecycleService {
  readonly #o: EnvironmentHostOptions;
  #record: EnvironmentRecord | null = null;
  #running: RunningEnvironment | null = null;
  /** The transition in progress (create, update, delete), so stop() waits for it. */
  #work: Promise<void> = Promise.resolve();
  /** Record writes, one after the other. */
  #saving: Promise<void> = Promise.resolve();

  constructor(o: EnvironmentHostOptions) {
    super();
    this.#o = o;
  }

  get #file(): string {
    return join(this.#o.config.stateDir, 'mwaa-environment.json');
  }

  get record(): EnvironmentRecord | null {
    return this.#record;
  }

  get running(): RunningEnvironment | null {
    return this.#running;
  }

  protected async onStart(): Promise<void> {
    const saved = (await readJson(this.#file).catch(() => undefined)) as EnvironmentRecord | undefined;
    if (!saved?.Name) return;
    this.#record = saved;
    if (saved.Status === 'DELETING') {
      await this.#forget();
      return;
    }
    // Until its agent runs again, the environment is PENDING (MWAA's status for an environment being brought up).
    const was = saved.Status;
    this.#setStatus('PENDING');
    this.#transition(async () => {
      const error = await this.#launch(saved.spec);
      const settled = was === 'UPDATE_FAILED' || was === 'CREATE_FAILED' ? was : 'AVAILABLE';
      this.#setStatus(error === null ? settled : was === 'CREATING' ? 'CREATE_FAILED' : 'UPDATE_FAILED');
    });
  }

  protected async onStop(): Promise<void> {
    await this.#work.catch(() => undefined);
    await this.#halt();
  }

  /** The record named `name`, or MWAA's ResourceNotFoundException. */
  get(name: string): EnvironmentRecord {
    if (this.#record?.Name !== name) throw notFound(`Environment ${name} not found`);
    return this.#record;
  }

  list(): EnvironmentRecord[] {
    return this.#record ? [this.#record] : [];
  }

  create(name: string, spec: EnvironmentSpec, tags: Record<string, string>): EnvironmentRecord {
    if (this.#record?.Name === name) throw validationError(`Environment ${name} already exists`);
    if (this.#record)
      throw validationError(
        `mwaa-agent serves one environment per agent and ${this.#record.Name} exists: delete it, or start another agent (its own --state-dir, --api-port and --mwaa-api-port) for ${name}`,
      );
    const now = this.#o.clock.now().toISOString();
    this.#record = {
      Name: name,
      Arn: environmentArn(this.#o.config.region, name),
      CreatedAt: now,
      Status: 'CREATING',
      Tags: tags,
      spec,
      LastUpdate: { Status: 'PENDING', CreatedAt: now, Source: 'CreateEnvironment' },
    };
    this.#save();
    this.#transition(async () => {
      const error = await this.#launch(spec);
      this.#finishUpdate(error === null ? 'AVAILABLE' : 'CREATE_FAILED', error);
    });
    return this.#record;
  }

  update(name: string, next: EnvironmentSpec): EnvironmentRecord {
    const record = this.#settled(name, 'update');
    const previous = record.spec;
    record.spec = next;
    record.Status = 'UPDATING';
    this.#o.log.info({ environment: name, status: 'UPDATING' }, `environment ${name} is UPDATING`);
    record.LastUpdate = {
      Status: 'PENDING',
      CreatedAt: this.#o.clock.now().toISOString(),
      Source: 'UpdateEnvironment',
    };
    this.#save();
    this.#transition(async () => {
      await this.#halt();
      const error = await this.#launch(next);
      if (error === null) return this.#finishUpdate('AVAILABLE', null);
      this.#o.log.error(
        { environment: name },
        `update of environment ${name} failed, rolling back: ${error.ErrorMessage}`,
      );
      await this.#halt();
      record.spec = previous;
      await this.#launch(previous);
      this.#finishUpdate('UPDATE_FAILED', error);
    });
    return record;
  }

  delete(name: string): EnvironmentRecord {
    const record = this.#settled(name, 'delete');
    record.Status = 'DELETING';
    this.#o.log.info({ environment: name, status: 'DELETING' }, `environment ${name} is DELETING`);
    this.#save();
    this.#transition(async () => {
      await this.#halt();
      await this.#forget();
    });
    return record;
  }

  setTags(arn: string, change: (tags: Record<string, string>) => Record<string, string>): EnvironmentRecord {
    const record = this.byArn(arn);
    record.Tags = change({ ...record.Tags });
    this.#save();
    return record;
  }

  byArn(arn: string): EnvironmentRecord {
    if (this.#record?.Arn !== arn) throw notFound(`Environment ${arn.split('/').pop()} not found`);
    return this.#record;
  }

  #settled(name: string, what: string): EnvironmentRecord {
    const record = this.get(name);
    if (!SETTLED.includes(record.Status))
      throw validationError(
        `Unable to ${what} environment ${name}: it is ${record.Status}; wait until it is ${SETTLED.join(', ')}`,
      );
    return record;
  }

  #transition(work: () => Promise<void>): void {
    this.#work = this.#work
      .then(work)
      .catch((e: unknown) => this.#o.log.error({ err: e }, 'environment transition failed'));
  }

  /**
   * Starts the agent for `spec`; null when it runs with its requirements, plugins and startup script read
   * and installable, else MWAA's error (the agent keeps running on what it could read).
   */
  async #launch(spec: EnvironmentSpec): Promise<{ ErrorCode: string; ErrorMessage: string } | null> {
    const { env, clock, log, events } = this.#o;
    const config = configForEnvironment(this.#o.config, spec);
    let credentials: ApiCredentials | null = null;
    const app = new AgentApp({
      config,
      env,
      clock,
      log: log.child({ environment: this.#record?.Name }),
      events,
      onApiCredentials: (c) => (credentials = c),
    });
    try {
      await app.start();
    } catch (e) {
      await app.stop().catch(() => undefined);
      return { ErrorCode: 'INCORRECT_CONFIGURATION', ErrorMessage: (e as Error).message };
    }
    this.#running = { app, config, credentials: credentials! };
    return this.#installFailure(config, app);
  }

  /** What MWAA would report for the files of this start: an unreadable version, or requirements pip refuses. */
  async #installFailure(
    config: Readonly<Config>,
    app: AgentApp,
  ): Promise<{ ErrorCode: string; ErrorMessage: string } | null> {
    const mirror = await readMirrorStatus(config.stateDir);
    // A bucket that cannot be listed at all (missing, denied) fails the environment as on MWAA.
    const unreadable =
      (mirror?.lastSuccessfulSync ? null : mirror?.lastError) ??
      mirror?.requirementsError ??
      mirror?.pluginsError ??
      mirror?.startupScriptError ??
      null;
    if (unreadable) return { ErrorCode: 'INCORRECT_CONFIGURATION', ErrorMessage: unreadable };
    if (!app.verdict.ok) {
      const errors = app.verdict.diagnostics.filter((d) => d.severity === 'error');
      const text = errors.map((d) => `${d.file}${d.line ? `:${d.line}` : ''}: ${d.message}`).join('; ');
      return { ErrorCode: 'INCORRECT_CONFIGURATION', ErrorMessage: `requirements.txt could not be installed: ${text}` };
    }
    return null;
  }

  async #halt(): Promise<void> {
    const running = this.#running;
    this.#running = null;
    await running?.app.stop().catch((e: unknown) => this.#o.log.error({ err: e }, 'environment stop failed'));
  }

  #finishUpdate(status: EnvironmentStatus, error: { ErrorCode: string; ErrorMessage: string } | null): void {
    const record = this.#record;
    if (!record) return;
    record.LastUpdate = {
      Status: error ? 'FAILED' : 'SUCCESS',
      CreatedAt: record.LastUpdate?.CreatedAt ?? this.#o.clock.now().toISOString(),
      Source: record.LastUpdate?.Source ?? 'UpdateEnvironment',
      ...(error ? { Error: error } : {}),
    };
    this.#setStatus(status);
  }

  #setStatus(status: EnvironmentStatus): void {
    if (!this.#record) return;
    this.#record.Status = status;
    this.#o.log.info({ environment: this.#record.Name, status }, `environment ${this.#record.Name} is ${status}`);
    this.#save();
  }

  async #forget(): Promise<void> {
    const name = this.#record?.Name;
    this.#record = null;
    await this.#saving;
    await rm(this.#file, { force: true });
    if (name) this.#o.log.info({ environment: name }, `environment ${name} deleted`);
    this.#o.onChange?.(null);
  }

  #save(): void {
    const record = this.#record;
    if (!record) return;
    const snapshot = structuredClone(record);
    this.#saving = this.#saving
      .then(() => writeJsonAtomic(this.#file, snapshot))
      .catch((e: unknown) => this.#o.log.error({ err: e, file: this.#file }, 'could not save the environment record'));
    this.#o.onChange?.(record);
  }
}
