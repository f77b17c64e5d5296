import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { type ConfigDefaults, withConfigOverrides } from '../airflow/airflow-facts.js';
import type { AgentCoordination } from '../runs/agent-coordination.js';
import type { OptionReport } from '../airflow/airflow-options.js';
import type { AirflowProfile } from '../airflow/airflow-profile.js';
import type { ApiDeps } from '../api/api-deps.js';
import { resolveApiPassword } from '../api/api-password.js';
import { ApiServer } from '../api/api-server.js';
import { registerConnectionRoutes } from '../api/routes/connection-routes.js';
import { registerVariableRoutes } from '../api/routes/variable-routes.js';
import { scheduleDeps } from '../api/schedule-deps.js';
import { resolveJwtSecret } from '../api/auth/jwt-secret.js';
import { JwtTokens } from '../api/auth/jwt-tokens.js';
import type { V2Deps } from '../api/v2/v2-deps.js';
import { registerUiRoutes } from '../api/ui-routes.js';
import { ConnectionResolver } from '../connections/connection-resolver.js';
import { assertConnectionTypeAvailable } from '../connections/connection-type-gate.js';
import { openSecretsState, type SecretsState } from '../connections/secrets-database.js';
import { VariableResolver } from '../connections/variable-resolver.js';
import { answersFrom } from '../dags/parse-variables.js';
import { VariableWatch } from '../dags/variable-watch.js';
import { AGENT_VERSION } from '../core/agent-version.js';
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { EventBus } from '../core/events.js';
import { LifecycleService, type Service } from '../core/lifecycle.js';
import { type StartupReport, StartupProgress } from '../core/startup-progress.js';
import type { Logger } from '../core/logger.js';
import { openStateDatabase, stateDatabasePath } from '../core/sqlite-database.js';
import { parseStateUrl } from '../core/state-url.js';
import { Watchdog } from '../core/watchdog.js';
import { DagRegistry } from '../dags/dag-registry.js';
import type { DagSource } from '../dags/dag-source.js';
import { WorkerDagParser } from '../dags/worker-dag-parser.js';
import { FolderWatcher } from '../mirror/folder-watcher.js';
import { readMirrorStatus } from '../mirror/mirror-status.js';
import { localEndpointCredentials } from '../mirror/s3-clients.js';
import { S3Mirror } from '../mirror/s3-mirror.js';
import type { ProgressTerminal } from '../mirror/sync-progress.js';
import { isModuleAvailable } from '../requirements/module-distribution.js';
import { requirementsChangedEvent, verdictChanged } from '../requirements/requirements-change.js';
import { FindLinksIndex } from '../requirements/find-links-index.js';
import { loadRequirementsVerdict, refreshFindLinks } from '../requirements/requirements-verdict-loader.js';
import { createSecretsBackend } from '../connections/secrets-backend-factory.js';
import type { SecretsBackend } from '../connections/secrets-backend.js';
import { BackendCache } from '../connections/backend-cache.js';
import {
  type ResolvedEnvironment,
  resolveEnvironment,
  runStartupScriptAtStart,
  type StartupScriptReport,
} from './mwaa-environment.js';
import { versionSource } from '../requirements/requirements-report.js';
import { type RequirementsVerdict, verdictProfile } from '../requirements/requirements-verdict.js';
import type { RunStore } from '../runs/run-store.js';
import { Scheduler } from '../schedule/scheduler.js';
import { SqliteRunStore } from '../state/sqlite-run-store.js';
import { BashOperator } from '../tasks/bash-operator.js';
import { testConnection } from '../tasks/connection-test.js';
import { EmptyOperator } from '../tasks/empty-operator.js';
import { RunExecutor } from '../tasks/run-executor.js';
import { openS3TaskLogs, type S3TaskLogs } from '../tasks/s3-task-logs.js';
import { SshRemoteJobOperator } from '../tasks/ssh/ssh-remote-job.js';
import { SshOperator } from '../tasks/ssh/ssh-operator.js';
import { taskEnvironment } from '../tasks/task-environment.js';

/** The API's basic-auth credentials; `generated` is true only at the first start (the CLI prints it once). */
export interface ApiCredentials {
  user: string;
  password: string;
  generated: boolean;
  file: string | null;
}

export interface AgentAppOptions {
  config: Readonly<Config>;
  /**
   * The process environment: connections and variables (`AIRFLOW_CONN_*`, `AIRFLOW_VAR_*`), the tasks'
   * environment, AWS credentials, environment markers of requirements.txt.
   */
  env: NodeJS.ProcessEnv;
  clock: Clock;
  log: Logger;
  events: EventBus;
  /** Terminal for the mirror's progress bar; without one, progress goes to the log. */
  progressTerminal?: ProgressTerminal;
  /** Told the API credentials as soon as start() knows them, before anything listens. */
  onApiCredentials?: (credentials: ApiCredentials) => void;
  /** Told once the API listens, early in start(): the mirror, the startup script and the first parse follow. */
  onApiListening?: (url: string) => void;
  /**
   * The API's socket, already listening (the CLI binds it before loading the agent: api/early-listener.ts);
   * without it the API binds `apiHost:apiPort` itself.
   */
  apiSocket?: Server;
  /** Where the start's steps are recorded (the early listener reads it too); by default a new one. */
  progress?: StartupProgress;
}

/** The stages, once start() has built them. */
interface Stages {
  store: RunStore;
  secrets: SecretsState;
  registry: DagRegistry;
  scheduler: Scheduler;
  executor: RunExecutor;
  watchers: FolderWatcher[];
  watchdog: Watchdog;
  variableWatch: VariableWatch;
}

/** How long the start waits for the mirror's first cycle (the bucket's files) before going on without it. */
const FIRST_SYNC_WAIT_MS = 60_000;

/**
 * Wires the stages together, S3 → mirror → DAG folder → parser → registry → scheduler → executor → store,
 * and routes events between them; nothing else. The constructor only keeps its options: start() acquires
 * every resource in data-flow order and registers how to release it, and stop() releases them in reverse
 * (graphile/worker's releasers), whatever point start() reached.
 */
export class AgentApp extends LifecycleService {
  readonly #o: AgentAppOptions;
  readonly #releasers: { what: string; release: () => unknown }[] = [];
  #verdict: RequirementsVerdict | null = null;
  #profile: AirflowProfile | null = null;
  #stages: Stages | null = null;
  #api: ApiServer | null = null;
  #progress: StartupProgress | null = null;
  readonly #findLinks = new FindLinksIndex();
  /** The environment after the startup script and the Airflow options (what every stage sees). */
  #environment: ResolvedEnvironment | null = null;
  #startupScript: StartupScriptReport | null = null;
  #secretsNotes: string[] = [];

  constructor(opts: AgentAppOptions) {
    super();
    this.#o = opts;
  }

  get registry(): DagRegistry {
    return this.#started().registry;
  }

  /** The API, listening from early in start() (before the mirror, the startup script and the first parse). */
  get api(): ApiServer {
    if (!this.#api) throw new Error('the agent has not started');
    return this.#api;
  }

  /** How far start() is; `ready` once the first read of the DAG folder is done (start() goes on to the scheduler). */
  get startup(): StartupReport {
    if (!this.#progress) throw new Error('the agent has not started');
    return this.#progress.report();
  }

  get verdict(): RequirementsVerdict {
    if (!this.#verdict) throw new Error('the agent has not started');
    return this.#verdict;
  }

  /** The emulated Airflow, looked up once per requirements verdict. */
  get profile(): AirflowProfile {
    if (!this.#profile) throw new Error('the agent has not started');
    return this.#profile;
  }

  /** What the startup script did at this start; null when there was none. */
  get startupScript(): StartupScriptReport | null {
    return this.#startupScript;
  }

  /** Each Airflow option given, and what the agent made of it (honoured, ignored, refused). */
  get airflowOptions(): OptionReport[] {
    return this.#environment?.options.reports ?? [];
  }

  /** What of `[secrets] backend` does not apply. */
  get secretsNotes(): string[] {
    return this.#secretsNotes;
  }

  /** The Airflow defaults in effect: the version's, the Airflow options, then mwaa-agent's own flags. */
  get defaults(): ConfigDefaults {
    const { config } = this.#o;
    return withConfigOverrides(this.profile.defaults, this.#environment?.options.settings.overrides ?? {}, {
      dagIgnoreFileSyntax: config.dagIgnoreFileSyntax,
      dagsArePausedAtCreation: config.dagsArePausedAtCreation,
      parallelism: config.parallelism,
      dagbagImportTimeout: config.dagbagImportTimeout,
      killedTaskCleanupTime: config.killedTaskCleanupTime,
    });
  }

  /** Where the emulated Airflow version came from, in words (status, /version, the UI). */
  get airflowVersionSource(): string {
    return versionSource(this.verdict, this.#requirementsFile, existsSync(this.#requirementsFile));
  }

  #started(): Stages {
    if (!this.#stages) throw new Error('the agent has not started');
    return this.#stages;
  }

  get #requirementsFile(): string {
    return join(this.#o.config.requirementsDir, 'requirements.txt');
  }

  /** Registers how to release `resource`; stop() releases in the reverse order of acquisition. */
  #acquire<T>(what: string, resource: T, release: (r: T) => unknown): T {
    this.#releasers.push({ what, release: () => release(resource) });
    return resource;
  }

  protected async onStart(): Promise<void> {
    const { config, env, clock } = this.#o;
    const progress = this.#o.progress ?? new StartupProgress(clock);
    this.#progress = progress;
    for (const dir of [config.dagsDir, config.requirementsDir, config.pluginsDir])
      await mkdir(dir, { recursive: true });
    // The local requirements.txt (the last mirrored one) gives the API its generation until the bucket's is read.
    await this.#applyVerdict(await this.#loadVerdict(env));
    const { store, secrets, coordination } = await this.#openState();
    const remoteLogs = await this.#remoteLogs();
    const credentials = { user: config.apiUser, ...resolveApiPassword(config.stateDir, config.apiPassword) };
    this.#o.onApiCredentials?.(credentials);
    if (this.stopRequested) return;
    // The socket listens before anything that can take long (the bucket, the startup script, the DAG folder):
    // /health and /mwaa-agent/ready answer from here on, /api answers 503 with Retry-After until ready.
    this.#api = this.#apiServer(store, secrets, credentials, remoteLogs);
    await this.#startService('api', this.#api);
    this.#o.onApiListening?.(this.#api.url);
    // MWAA's order: the bucket's files, the startup script, then requirements and Airflow with its exports.
    await this.#startMirror(progress);
    if (this.stopRequested) return;
    await this.#prepareEnvironment(progress);
    if (this.stopRequested) return;
    const backend = this.#secretsBackend();
    const stages = this.#buildStages(store, secrets, backend, remoteLogs, coordination);
    this.#stages = stages;
    this.#route(stages);
    progress.countParseWith(() => {
      const p = stages.registry.progress();
      return { files_parsed: p.filesRead, files_total: p.filesTotal };
    });
    // Data-flow order. The watchdog watches from before the first DAG-folder read: a slow or hostile file is
    // reported and recovered, and delays readiness, never /health.
    const steps = [
      () => this.#startService('watchdog', stages.watchdog),
      async () => {
        progress.begin('dag_parse');
        await stages.registry.refresh();
        const files = stages.registry.progress().filesTotal ?? 0;
        const dags = stages.registry.list().length;
        progress.end(
          'dag_parse',
          'done',
          `${files} file${files === 1 ? '' : 's'} read, ${dags} DAG${dags === 1 ? '' : 's'}`,
        );
        // The API answers from every DAG file now; a run triggered before the scheduler's first pass waits for it.
        progress.markReady();
      },
      ...stages.watchers.map((w) => () => this.#startService('watcher', w)),
      () => this.#startService('variable watch', stages.variableWatch),
      () => this.#startService('scheduler', stages.scheduler),
      () => this.#startService('executor', stages.executor),
    ];
    for (const step of steps) {
      if (this.stopRequested) return;
      await step();
    }
  }

  /**
   * The run store, connections and variables: in the SQLite file of the state folder, or with `--state-url` in
   * that PostgreSQL database, which records this environment's Airflow version at the first start and refuses
   * another one's (agents sharing a database run one version).
   */
  async #openState(): Promise<{ store: RunStore; secrets: SecretsState; coordination?: AgentCoordination }> {
    const { config, log } = this.#o;
    const secretsOptions = { stateDir: config.stateDir, fernetKey: config.fernetKey };
    if (config.stateUrl === null) {
      const db = this.#acquire('database', openStateDatabase(stateDatabasePath(config.stateDir)), (d) => d.close());
      return {
        store: this.#acquire('store', new SqliteRunStore({ db }), (s) => s.close()),
        secrets: this.#acquire('secrets', openSecretsState({ ...secretsOptions, db }), (s) => s.close()),
      };
    }
    const [{ PgRunStore }, { openStateSecrets }] = await Promise.all([
      import('../state/pg-run-store.js'),
      import('../state/state-secrets.js'),
    ]);
    const target = parseStateUrl(config.stateUrl);
    const store = this.#acquire(
      'store',
      new PgRunStore({ target, agentVersion: AGENT_VERSION, airflowVersion: this.profile.airflowVersion }),
      (s) => s.close(),
    );
    const secrets = this.#acquire(
      'secrets',
      await openStateSecrets({ ...secretsOptions, stateUrl: config.stateUrl }),
      (s) => s.close(),
    );
    log.info(
      { stateUrl: target.where, agentId: store.agentId },
      `run store, connections and variables: PostgreSQL at ${target.where}`,
    );
    // Other agents may share the database: scheduling passes take its lock, and this agent heartbeats.
    const coordination = store.coordination({ hostname: hostname(), pid: process.pid, agentVersion: AGENT_VERSION });
    return { store, secrets, coordination };
  }

  /**
   * `--logs-prefix`: task logs kept in S3 for every agent of the environment. The prefix is listed once here, so
   * a missing bucket or missing permissions stop the start with the S3 URL instead of failing each upload.
   * Released after the executor (acquired before it): the last uploads of attempts that ended are waited for.
   */
  async #remoteLogs(): Promise<S3TaskLogs | null> {
    const { config, env, log } = this.#o;
    const opened = openS3TaskLogs(config, env, log.child({ stage: 'task-logs' }));
    if (!opened) return null;
    this.#acquire('s3 logs client', opened.client, (c) => c.destroy());
    await opened.logs.check();
    this.#acquire('task logs', opened.logs, (l) => l.close());
    log.info(
      { s3Key: opened.logs.url },
      `task logs: ${config.stateDir}/logs, uploaded to ${opened.logs.url} while tasks run`,
    );
    return opened.logs;
  }

  /** The mirror first: the DAG folder, requirements.txt, plugins.zip and the startup script are read after it. */
  async #startMirror(progress: StartupProgress): Promise<void> {
    const mirror = this.#mirror();
    if (!mirror) return progress.end('mirror', 'skipped', 'no bucket: the DAG folder is read as it is');
    progress.begin('mirror');
    await this.#startService('mirror', mirror);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), FIRST_SYNC_WAIT_MS);
    });
    const synced = await Promise.race([mirror.firstCycle.then(() => true), timeout]);
    clearTimeout(timer);
    if (synced) progress.end('mirror', 'done');
    else progress.end('mirror', 'timed_out', `no first sync within ${FIRST_SYNC_WAIT_MS / 1000} s; it goes on`);
  }

  /** Runs the startup script, then settles the environment and the Airflow options (MWAA's setup_environment). */
  async #prepareEnvironment(progress: StartupProgress): Promise<void> {
    const { config, env, log } = this.#o;
    const script = config.bucket && config.startupScriptKey ? join(config.stateDir, 'startup.sh') : null;
    if (script && existsSync(script)) progress.begin('startup_script');
    const ran = await runStartupScriptAtStart({
      config,
      env,
      profile: this.profile,
      script,
      source: `s3://${config.bucket}/${config.startupScriptKey}`,
      log: log.child({ stage: 'startup-script' }),
    });
    this.#startupScript = ran?.report ?? null;
    const r = ran?.report;
    if (!r) progress.end('startup_script', 'skipped', script ? 'no startup script in the bucket' : 'none configured');
    else if (r.timedOut)
      progress.end('startup_script', 'timed_out', `stopped after ${Math.round(r.durationMs / 1000)} s`);
    else progress.end('startup_script', 'done', `exit code ${r.exitCode ?? r.signal}`);
    this.#environment = resolveEnvironment(
      config,
      env,
      ran?.exports ?? {},
      this.profile,
      log.child({ stage: 'config' }),
    );
    // pip sees the script's exports and the options' variables (requirements may expand ${VAR}).
    progress.begin('requirements');
    await this.#applyVerdict(await this.#loadVerdict(this.#environment.env));
    progress.end('requirements', 'done', `Airflow ${this.profile.airflowVersion}`);
  }

  #secretsBackend(): SecretsBackend | null {
    const { config, env, log } = this.#o;
    const created = createSecretsBackend(
      this.#environment!.options.settings,
      {
        region: config.region,
        endpointUrl: config.endpointUrl,
        credentials: localEndpointCredentials(config.endpointUrl, env),
      },
      log.child({ stage: 'secrets' }),
    );
    this.#secretsNotes = created.notes;
    for (const note of created.notes) log.warn({ stage: 'secrets' }, note);
    if (created.backend) {
      log.info({ backend: created.backend.name }, `connections and variables come from ${created.backend.name} first`);
      this.#acquire('secrets backend', created.backend, (b) => b.close());
    }
    return created.backend;
  }

  async #startService(what: string, service: Service | null): Promise<void> {
    if (!service) return;
    this.#acquire(what, service, (s) => s.stop());
    await service.start();
  }

  #buildStages(
    store: RunStore,
    secrets: SecretsState,
    backend: SecretsBackend | null,
    remoteLogs: S3TaskLogs | null,
    coordination: AgentCoordination | undefined,
  ): Stages {
    const { config, clock, log, events } = this.#o;
    const env = this.#environment!.env;
    const cache = new BackendCache();
    const secretsLog = log.child({ stage: 'connections' });
    const connections = new ConnectionResolver({ env, store: secrets.connections, backend, cache, log: secretsLog });
    const variables = new VariableResolver({ env, store: secrets.variables, backend, cache, log: secretsLog });
    const dagReader = this.#acquire(
      'dag reader',
      new WorkerDagParser({
        limits: { timeoutMs: this.defaults.dagbagImportTimeout * 1000, maxFileBytes: config.maxDagFileBytes },
      }),
      (r) => r.close(),
    );
    const registry = new DagRegistry({
      parseFile: (file, o) => dagReader.parse(file, o),
      maxFileBytes: config.maxDagFileBytes,
      dagsDir: config.dagsDir,
      defaults: () => this.defaults,
      modulePaths: [config.dagsDir, config.pluginsDir],
      airflowVersion: () => this.profile.airflowVersion,
      isModuleAvailable: (m) => isModuleAvailable(this.verdict, m),
      clock,
      log: log.child({ stage: 'dags' }),
      events,
      readVariable: answersFrom(variables),
    });
    const variableWatch = new VariableWatch({
      clock,
      refresh: () => registry.refreshVariables(),
      log: log.child({ stage: 'dags' }),
    });
    const scheduler = new Scheduler({
      clock,
      store,
      dags: registry,
      log: log.child({ stage: 'schedule' }),
      events,
      dagsArePausedAtCreation: this.defaults.dagsArePausedAtCreation,
      runFacts: () => this.profile.runs,
      coordination,
    });
    const ssh = this.#acquire('ssh', new SshOperator({ log: log.child({ stage: 'ssh' }) }), (s) => s.close());
    const remoteJobs = new SshRemoteJobOperator(ssh.hookDeps);
    const tasksEnv = taskEnvironment(env);
    const executor = new RunExecutor({
      clock,
      store,
      dags: registry,
      operators: [
        ssh,
        remoteJobs,
        new BashOperator({ env: tasksEnv, clock, killGraceMs: this.defaults.killedTaskCleanupTime * 1000 }),
        new EmptyOperator(),
      ],
      connections,
      profile: () => this.profile,
      dagsDir: config.dagsDir,
      stateDir: config.stateDir,
      log: log.child({ stage: 'tasks' }),
      events,
      parallelism: this.defaults.parallelism,
      killedTaskCleanupTimeMs: this.defaults.killedTaskCleanupTime * 1000,
      maxMapLength: this.defaults.maxMapLength,
      taskLogMaxBytes: config.taskLogMaxBytes || null,
      env: tasksEnv,
      variables,
      triggers: [remoteJobs.trigger],
      remoteLogs,
      coordination: coordination && {
        agents: coordination,
        healthCheckThresholdS: this.defaults.schedulerHealthCheckThreshold,
        orphanedTasksCheckIntervalS: this.defaults.orphanedTasksCheckInterval,
        triggererHealthCheckThresholdS: this.defaults.triggererHealthCheckThreshold,
      },
    });
    const watcher = (dir: string) =>
      new FolderWatcher({ dir, log: log.child({ stage: 'watch' }), events, debounceMs: 100 });
    const watchdog = this.#watchdog(dagReader, registry, scheduler);
    // With a bucket, the mirror reports what it wrote; the plugins folder is watched in local mode only.
    const watched = [config.dagsDir, config.requirementsDir, ...(config.bucket ? [] : [config.pluginsDir])];
    return {
      store,
      secrets,
      registry,
      scheduler,
      executor,
      watchers: watched.map(watcher),
      watchdog,
      variableWatch,
    };
  }

  /** The parse loop and the scheduling loop, watched for progress (`/health`, recovery). */
  #watchdog(dagReader: WorkerDagParser, registry: DagRegistry, scheduler: Scheduler): Watchdog {
    const { clock, log } = this.#o;
    return new Watchdog({
      clock,
      log: log.child({ stage: 'watchdog' }),
      loops: [
        {
          name: 'DAG file reader',
          stallAfterMs: dagReader.hardTimeoutMs + 10_000,
          stuckSince: () => {
            const p = registry.progress();
            return p.currentFileSince === null ? null : { since: p.currentFileSince, on: p.currentFile ?? '?' };
          },
          recover: () => {
            dagReader.restart();
            void registry.recover().catch(() => undefined);
          },
        },
        {
          name: 'scheduler',
          // Airflow's [scheduler] scheduler_health_check_threshold.
          stallAfterMs: 30_000,
          stuckSince: () => {
            const beat = scheduler.heartbeat();
            return beat ? { since: beat.getTime(), on: 'its next pass' } : null;
          },
          recover: () => scheduler.recover(),
        },
      ],
    });
  }

  #mirror(): S3Mirror | null {
    const { config, env, clock, log, events } = this.#o;
    if (!config.bucket) return null;
    return new S3Mirror({
      bucket: config.bucket,
      endpointUrl: config.endpointUrl,
      region: config.region,
      prefix: config.dagsPrefix,
      dagsDir: config.dagsDir,
      requirementsKey: config.requirementsKey,
      requirementsFile: this.#requirementsFile,
      requirementsVersion: config.requirementsVersion,
      pluginsKey: config.pluginsKey,
      pluginsVersion: config.pluginsVersion,
      pluginsDir: config.pluginsDir,
      startupScriptKey: config.startupScriptKey,
      startupScriptVersion: config.startupScriptVersion,
      startupScriptFile: join(config.stateDir, 'startup.sh'),
      stateDir: config.stateDir,
      pollIntervalMs: config.pollInterval * 1000,
      downloadConcurrency: config.downloadConcurrency,
      maxObjectSize: config.maxObjectSize,
      sqsQueueUrl: config.sqsQueueUrl,
      credentials: localEndpointCredentials(config.endpointUrl, env),
      progressTerminal: this.#o.progressTerminal,
      clock,
      log: log.child({ stage: 'mirror' }),
      events,
    });
  }

  /**
   * The API over the store and secrets (open before it listens) and the stages built later: the DAGs, the
   * scheduler's heartbeat and the watchdog are read through {@link Stages} per request, absent until built.
   */
  #apiServer(
    store: RunStore,
    secrets: SecretsState,
    credentials: ApiCredentials,
    remoteLogs: S3TaskLogs | null,
  ): ApiServer {
    const { config, clock, log, events } = this.#o;
    const stages = () => this.#stages;
    const dags: DagSource = {
      list: () => stages()?.registry.list() ?? [],
      get: (dagId) => stages()?.registry.get(dagId),
      importErrors: () => stages()?.registry.importErrors() ?? [],
      hasImportErrors: (dagId) => stages()?.registry.hasImportErrors(dagId) ?? false,
    };
    const s = { store, secrets };
    const deps: ApiDeps = {
      clock,
      store,
      dags,
      stateDir: config.stateDir,
      remoteLogs,
      dagsDir: config.dagsDir,
      version: AGENT_VERSION,
      ...scheduleDeps({ clock, store: s.store, events, runFacts: () => this.profile.runs }),
      requirements: () => this.verdict,
      profile: () => this.profile,
      airflowVersionSource: () => this.airflowVersionSource,
      mirrorStatus: () => readMirrorStatus(config.stateDir),
      wake: () => stages()?.scheduler.wake(),
      health: () => {
        const built = stages();
        return built
          ? {
              healthy: built.watchdog.status().healthy,
              heartbeat: built.scheduler.heartbeat(),
              store: built.scheduler.storeReachable(),
            }
          : { healthy: true, heartbeat: null };
      },
      startup: () => this.startup,
    };
    const assertTypeAvailable = (t: string) => assertConnectionTypeAvailable(t, this.verdict, this.#requirementsFile);
    const secret = resolveJwtSecret(config.stateDir);
    const v2: V2Deps = {
      api: deps,
      tokens: new JwtTokens({ secret, clock }),
      credentials: { user: credentials.user, password: credentials.password },
      secret,
      pausedByDefault: () => this.defaults.dagsArePausedAtCreation,
      connections: s.secrets.connections,
      assertConnectionTypeAvailable: assertTypeAvailable,
      variables: s.secrets.variables,
    };
    return new ApiServer({
      generation: () => this.profile.api.generation,
      airflowVersion: () => this.profile.airflowVersion,
      v2,
      host: config.apiHost,
      port: config.apiPort,
      user: credentials.user,
      password: credentials.password,
      deps,
      log: log.child({ stage: 'api' }),
      dagsArePausedAtCreation: () => this.defaults.dagsArePausedAtCreation,
      server: this.#o.apiSocket,
      plugins: [
        (app) =>
          registerConnectionRoutes(app, {
            connections: s.secrets.connections,
            assertTypeAvailable,
            testConnection: (conn) =>
              testConnection(conn, {
                profile: this.profile,
                dagsDir: config.dagsDir,
                stateDir: config.stateDir,
                log: log.child({ stage: 'ssh' }),
              }),
          }),
        (app) => registerVariableRoutes(app, s.secrets.variables),
        (app) => registerUiRoutes(app),
      ],
    });
  }

  /** Reads requirements.txt with the `--find-links` folders' wheels (their dependencies read first). */
  async #loadVerdict(env: NodeJS.ProcessEnv): Promise<RequirementsVerdict> {
    const { config } = this.#o;
    const options = {
      requirementsFile: this.#requirementsFile,
      dagsDir: config.dagsDir,
      pluginsDir: config.pluginsDir,
      stateDir: config.stateDir,
      env,
      airflowVersion: config.airflowVersion,
      findLinks: this.#findLinks,
    };
    await refreshFindLinks(options, this.#findLinks).catch(() => undefined);
    return loadRequirementsVerdict(options);
  }

  async #applyVerdict(verdict: RequirementsVerdict): Promise<void> {
    this.#verdict = verdict;
    this.#profile = verdictProfile(verdict);
  }

  /** Re-reads requirements.txt; when the verdict changes, DAGs are re-parsed with the new providers. */
  async #onRequirementsChanged(registry: DagRegistry): Promise<void> {
    const next = await this.#loadVerdict(this.#environment?.env ?? this.#o.env);
    if (!verdictChanged(this.#verdict, next)) return;
    await this.#applyVerdict(next);
    const event = requirementsChangedEvent(next);
    this.#o.log.info(event, 'requirements applied');
    this.#o.events.emit('requirements:changed', event);
    await registry.setModuleAvailability((m) => isModuleAvailable(this.verdict, m));
  }

  /** The plugins folder changed: its wheels may satisfy requirements, its modules reach every DAG file. */
  async #onPluginsChanged(registry: DagRegistry): Promise<void> {
    await this.#onRequirementsChanged(registry);
    await registry.refresh();
  }

  /** Routes events between stages; once stop() is requested nothing new is started. */
  #route({ registry, scheduler, executor }: Stages): void {
    const { config, events, log } = this.#o;
    const safely = (what: string, work: () => Promise<unknown>) => {
      if (this.stopRequested) return;
      work().catch((e: unknown) => log.error({ err: e }, `${what} failed`));
    };
    const unsubscribe = [
      events.on('folder:changed', ({ dir, paths }) => {
        if (dir === config.dagsDir) safely('DAG re-parse', () => registry.refresh(paths));
        else if (dir === config.requirementsDir && paths.includes('requirements.txt'))
          safely('requirements reload', () => this.#onRequirementsChanged(registry));
        else if (dir === config.pluginsDir) safely('plugins reload', () => this.#onPluginsChanged(registry));
      }),
      events.on('sync:written', ({ changedPaths }) => safely('DAG re-parse', () => registry.refresh(changedPaths))),
      events.on('sync:completed', ({ changedPaths, requirementsChanged, pluginsChanged, startupScriptChanged }) => {
        if (pluginsChanged) safely('plugins reload', () => this.#onPluginsChanged(registry));
        else if (requirementsChanged) safely('requirements reload', () => this.#onRequirementsChanged(registry));
        if (changedPaths.length) safely('DAG re-parse', () => registry.refresh(changedPaths));
        if (startupScriptChanged)
          log.info(
            { s3Key: config.startupScriptKey },
            'the startup script changed in the bucket; it runs at the next start, as MWAA runs it when the environment is updated',
          );
      }),
      events.on('dags:parsed', () => scheduler.wake()),
      events.on('run:created', () => scheduler.wake()),
      events.on('run:started', () => executor.wake()),
      events.on('run:finished', () => scheduler.wake()),
    ];
    this.#acquire('routes', unsubscribe, (offs) => {
      for (const off of offs) off();
    });
  }

  /** Releases in reverse order; every release runs even if one fails (each failure is logged once, here). */
  protected async onStop(): Promise<void> {
    let failure: unknown;
    for (const { what, release } of this.#releasers.splice(0).reverse()) {
      try {
        await release();
        this.#o.log.debug({ stage: what }, 'released');
      } catch (e) {
        this.#o.log.error({ err: e, stage: what }, 'stop failed');
        failure ??= e;
      }
    }
    if (failure) throw failure;
  }
}
