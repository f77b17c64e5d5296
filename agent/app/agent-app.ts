import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { withConfigOverrides } from '../airflow/airflow-facts.js';
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
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { EventBus } from '../core/events.js';
import { LifecycleService, type Service } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { openStateDatabase, stateDatabasePath } from '../core/sqlite-database.js';
import { Watchdog } from '../core/watchdog.js';
import { DagRegistry } from '../dags/dag-registry.js';
import { WorkerDagParser } from '../dags/worker-dag-parser.js';
import { FolderWatcher } from '../mirror/folder-watcher.js';
import { readMirrorStatus } from '../mirror/mirror-status.js';
import { localEndpointCredentials } from '../mirror/s3-clients.js';
import { S3Mirror } from '../mirror/s3-mirror.js';
import type { ProgressTerminal } from '../mirror/sync-progress.js';
import { isModuleAvailable } from '../requirements/module-distribution.js';
import { requirementsChangedEvent, verdictChanged } from '../requirements/requirements-change.js';
import { loadRequirementsVerdict } from '../requirements/requirements-verdict-loader.js';
import { type RequirementsVerdict, verdictProfile } from '../requirements/requirements-verdict.js';
import type { RunStore } from '../runs/run-store.js';
import { Scheduler } from '../schedule/scheduler.js';
import { SqliteRunStore } from '../state/sqlite-run-store.js';
import { BashOperator } from '../tasks/bash-operator.js';
import { testConnection } from '../tasks/connection-test.js';
import { EmptyOperator } from '../tasks/empty-operator.js';
import { RunExecutor } from '../tasks/run-executor.js';
import { SshOperator } from '../tasks/ssh/ssh-operator.js';
import { taskEnvironment } from '../tasks/task-environment.js';

/** The agent's own version (package.json). */
export const AGENT_VERSION = '0.1.0';

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
}

/** The stages, once start() has built them. */
interface Stages {
  store: RunStore;
  secrets: SecretsState;
  registry: DagRegistry;
  scheduler: Scheduler;
  executor: RunExecutor;
  mirror: S3Mirror | null;
  watchers: FolderWatcher[];
  api: ApiServer;
  watchdog: Watchdog;
}

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

  constructor(opts: AgentAppOptions) {
    super();
    this.#o = opts;
  }

  get registry(): DagRegistry {
    return this.#started().registry;
  }

  get api(): ApiServer {
    return this.#started().api;
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
    const { config } = this.#o;
    await mkdir(config.dagsDir, { recursive: true });
    await mkdir(config.requirementsDir, { recursive: true });
    this.#verdict = this.#loadVerdict();
    this.#profile = verdictProfile(this.#verdict);
    const db = this.#acquire('database', openStateDatabase(stateDatabasePath(config.stateDir)), (d) => d.close());
    const store = this.#acquire('store', new SqliteRunStore({ db }), (s) => s.close());
    const secrets = this.#acquire(
      'secrets',
      openSecretsState({ stateDir: config.stateDir, fernetKey: config.fernetKey, db }),
      (s) => s.close(),
    );
    const credentials = { user: config.apiUser, ...resolveApiPassword(config.stateDir, config.apiPassword) };
    this.#o.onApiCredentials?.(credentials);
    const stages = this.#buildStages(store, secrets, credentials);
    this.#stages = stages;
    this.#route(stages);
    // Data-flow order; the DAG folder is read once the mirror has filled it, before anything watches it. The
    // API answers (and the watchdog watches) from before that first read: a slow or hostile file delays the
    // DAG list, never /health.
    const steps = [
      () => this.#startService('mirror', stages.mirror),
      () => this.#startService('watchdog', stages.watchdog),
      () => this.#startService('api', stages.api),
      () => stages.registry.refresh(),
      ...stages.watchers.map((w) => () => this.#startService('watcher', w)),
      () => this.#startService('scheduler', stages.scheduler),
      () => this.#startService('executor', stages.executor),
    ];
    for (const step of steps) {
      if (this.stopRequested) return;
      await step();
    }
  }

  async #startService(what: string, service: Service | null): Promise<void> {
    if (!service) return;
    this.#acquire(what, service, (s) => s.stop());
    await service.start();
  }

  #buildStages(store: RunStore, secrets: SecretsState, credentials: ApiCredentials): Stages {
    const { config, env, clock, log, events } = this.#o;
    const connections = new ConnectionResolver({
      env,
      store: secrets.connections,
      log: log.child({ stage: 'connections' }),
    });
    const variables = new VariableResolver({ env, store: secrets.variables });
    const dagReader = this.#acquire(
      'dag reader',
      new WorkerDagParser({
        limits: { timeoutMs: config.dagbagImportTimeout * 1000, maxFileBytes: config.maxDagFileBytes },
      }),
      (r) => r.close(),
    );
    const registry = new DagRegistry({
      parseFile: (file, o) => dagReader.parse(file, o),
      maxFileBytes: config.maxDagFileBytes,
      dagsDir: config.dagsDir,
      ignoreSyntax: config.dagIgnoreFileSyntax,
      defaults: () => this.profile.defaults,
      isModuleAvailable: (m) => isModuleAvailable(this.verdict, m),
      clock,
      log: log.child({ stage: 'dags' }),
      events,
    });
    const scheduler = new Scheduler({
      clock,
      store,
      dags: registry,
      log: log.child({ stage: 'schedule' }),
      events,
      dagsArePausedAtCreation: this.#pausedAtCreation(),
    });
    const ssh = this.#acquire('ssh', new SshOperator({ log: log.child({ stage: 'ssh' }) }), (s) => s.close());
    const tasksEnv = taskEnvironment(env);
    const executor = new RunExecutor({
      clock,
      store,
      dags: registry,
      operators: [
        ssh,
        new BashOperator({ env: tasksEnv, clock, killGraceMs: config.killedTaskCleanupTime * 1000 }),
        new EmptyOperator(),
      ],
      connections,
      profile: () => this.profile,
      dagsDir: config.dagsDir,
      stateDir: config.stateDir,
      log: log.child({ stage: 'tasks' }),
      events,
      parallelism: config.parallelism ?? this.profile.defaults.parallelism,
      killedTaskCleanupTimeMs: config.killedTaskCleanupTime * 1000,
      taskLogMaxBytes: config.taskLogMaxBytes || null,
      env: tasksEnv,
      getVariable: (key) => variables.find(key) ?? undefined,
    });
    const watcher = (dir: string) =>
      new FolderWatcher({ dir, log: log.child({ stage: 'watch' }), events, debounceMs: 100 });
    const watchdog = this.#watchdog(dagReader, registry, scheduler);
    return {
      store,
      secrets,
      registry,
      scheduler,
      executor,
      mirror: this.#mirror(),
      watchers: [watcher(config.dagsDir), watcher(config.requirementsDir)],
      api: this.#apiServer({ store, secrets, registry, scheduler, watchdog }, credentials),
      watchdog,
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

  #apiServer(
    s: Pick<Stages, 'store' | 'secrets' | 'registry' | 'scheduler' | 'watchdog'>,
    credentials: ApiCredentials,
  ): ApiServer {
    const { config, clock, log, events } = this.#o;
    const deps: ApiDeps = {
      clock,
      store: s.store,
      dags: s.registry,
      stateDir: config.stateDir,
      dagsDir: config.dagsDir,
      version: AGENT_VERSION,
      ...scheduleDeps({ clock, store: s.store, events }),
      requirements: () => this.verdict,
      profile: () => this.profile,
      mirrorStatus: () => readMirrorStatus(config.stateDir),
      wake: () => s.scheduler.wake(),
      health: () => ({ healthy: s.watchdog.status().healthy, heartbeat: s.scheduler.heartbeat() }),
    };
    const assertTypeAvailable = (t: string) => assertConnectionTypeAvailable(t, this.verdict, this.#requirementsFile);
    const secret = resolveJwtSecret(config.stateDir);
    const v2: V2Deps = {
      api: deps,
      tokens: new JwtTokens({ secret, clock }),
      credentials: { user: credentials.user, password: credentials.password },
      secret,
      pausedByDefault: () => this.#pausedAtCreation(),
      connections: s.secrets.connections,
      assertConnectionTypeAvailable: assertTypeAvailable,
      variables: s.secrets.variables,
    };
    return new ApiServer({
      generation: () => this.profile.api.generation,
      v2,
      host: config.apiHost,
      port: config.apiPort,
      user: credentials.user,
      password: credentials.password,
      deps,
      log: log.child({ stage: 'api' }),
      dagsArePausedAtCreation: this.#pausedAtCreation(),
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

  #loadVerdict(): RequirementsVerdict {
    const { config, env } = this.#o;
    return loadRequirementsVerdict({
      requirementsFile: this.#requirementsFile,
      dagsDir: config.dagsDir,
      stateDir: config.stateDir,
      env,
    });
  }

  /** `[core] dags_are_paused_at_creation` in effect (the same in every Airflow version the table has). */
  #pausedAtCreation(): boolean {
    return withConfigOverrides(this.profile.defaults, this.#o.config).dagsArePausedAtCreation;
  }

  /** Re-reads requirements.txt; when the verdict changes, DAGs are re-parsed with the new providers. */
  async #onRequirementsChanged(registry: DagRegistry): Promise<void> {
    const next = this.#loadVerdict();
    if (!verdictChanged(this.#verdict, next)) return;
    this.#verdict = next;
    this.#profile = verdictProfile(next);
    const event = requirementsChangedEvent(next);
    this.#o.log.info(event, 'requirements applied');
    this.#o.events.emit('requirements:changed', event);
    await registry.setModuleAvailability((m) => isModuleAvailable(this.verdict, m));
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
      }),
      events.on('sync:completed', ({ changedPaths, requirementsChanged }) => {
        if (requirementsChanged) safely('requirements reload', () => this.#onRequirementsChanged(registry));
        if (changedPaths.length) safely('DAG re-parse', () => registry.refresh(changedPaths));
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
