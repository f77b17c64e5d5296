import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../core/config.js';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import type { Service } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { S3Mirror } from '../mirror/s3-mirror.js';
import { FolderWatcher } from '../mirror/folder-watcher.js';
import type { RequirementsVerdict } from '../requirements/requirements-verdict.js';
import { loadRequirementsVerdict } from '../requirements/requirements-verdict-loader.js';
import { isModuleAvailable } from '../requirements/module-distribution.js';
import { ConnectionResolver } from '../connections/connection-resolver.js';
import { openSecretsState, type SecretsState } from '../connections/secrets-database.js';
import { VariableResolver } from '../connections/variable-resolver.js';
import { assertConnectionTypeAvailable } from '../connections/connection-type-gate.js';
import { isAgentError } from '../core/errors.js';
import { DagRegistry } from '../dags/dag-registry.js';
import { Scheduler } from '../schedule/scheduler.js';
import { RunExecutor } from '../tasks/run-executor.js';
import { BashOperator } from '../tasks/bash-operator.js';
import { EmptyOperator } from '../tasks/empty-operator.js';
import type { AirflowProfile } from '../tasks/operator.js';
import { SshOperator } from '../tasks/ssh/ssh-operator.js';
import { testSshConnection } from '../tasks/ssh/ssh-connection-test.js';
import { SqliteRunStore } from '../state/sqlite-run-store.js';
import { openStateDatabase, stateDatabasePath } from '../core/sqlite-database.js';
import { ApiServer } from '../api/api-server.js';
import type { ApiDeps } from '../api/api-deps.js';
import { resolveApiPassword } from '../api/api-password.js';
import { registerConnectionRoutes } from '../api/routes/connection-routes.js';
import { registerVariableRoutes } from '../api/routes/variable-routes.js';
import { registerUiRoutes } from '../api/ui-routes.js';
import { createManualRun } from '../schedule/manual-run.js';
import { dagScheduleFields } from '../schedule/dag-schedule-fields.js';
import { readMirrorStatus } from '../mirror/mirror-status.js';
import type Database from 'better-sqlite3';

/** The agent's own version (package.json). */
export const AGENT_VERSION = '0.1.0';

/**
 * LocalStack and MinIO accept any credentials; with a custom endpoint and none in the environment, use
 * LocalStack's `test`/`test` rather than failing with the SDK's "Could not load credentials".
 */
function localEndpointCredentials(
  endpointUrl: string | null,
  env: NodeJS.ProcessEnv,
): { accessKeyId: string; secretAccessKey: string } | undefined {
  if (
    !endpointUrl ||
    env.AWS_ACCESS_KEY_ID ||
    env.AWS_PROFILE ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
  )
    return undefined;
  return { accessKeyId: 'test', secretAccessKey: 'test' };
}

/**
 * The environment tasks see (Airflow passes the worker's os.environ): the agent's own secrets — the API
 * password and the Fernet keys — are left out, so a DAG from the bucket cannot print them.
 */
function taskEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const hidden = new Set(['MWAA_AGENT_API_PASSWORD', 'MWAA_AGENT_FERNET_KEY', 'AIRFLOW__CORE__FERNET_KEY']);
  return Object.fromEntries(Object.entries(env).filter(([k]) => !hidden.has(k)));
}

export interface AgentAppOptions {
  config: Readonly<Config>;
  clock: Clock;
  log: Logger;
  events: EventBus;
}

/**
 * Wires the stages together, S3 → mirror → DAG folder → parser → registry → scheduler → executor → store,
 * and starts/stops them in order. Holds no logic of its own beyond routing events between stages.
 */
export class AgentApp implements Service {
  readonly config: Readonly<Config>;
  readonly events: EventBus;
  readonly store: SqliteRunStore;
  readonly secrets: SecretsState;
  readonly connections: ConnectionResolver;
  readonly api: ApiServer;
  readonly #db: Database.Database;
  readonly registry: DagRegistry;
  readonly scheduler: Scheduler;
  readonly executor: RunExecutor;
  readonly mirror: S3Mirror | null;
  readonly #watchers: FolderWatcher[];
  readonly #ssh: SshOperator;
  readonly #log: Logger;
  #verdict: RequirementsVerdict;
  #unsubscribe: (() => void)[] = [];
  #stopRequested = false;
  #starting: Promise<void> | null = null;
  #stopping: Promise<void> | null = null;
  #resolveDone!: () => void;
  readonly done: Promise<void>;

  constructor(opts: AgentAppOptions) {
    const { config, clock, log, events } = opts;
    this.config = config;
    this.events = events;
    this.#log = log;
    this.done = new Promise((r) => (this.#resolveDone = r));
    this.#verdict = this.#loadVerdict();
    this.#db = openStateDatabase(stateDatabasePath(config.stateDir));
    this.store = new SqliteRunStore({ db: this.#db });
    this.secrets = openSecretsState({ stateDir: config.stateDir, fernetKey: config.fernetKey, db: this.#db });
    this.connections = new ConnectionResolver({
      env: process.env,
      store: this.secrets.connections,
      log: log.child({ stage: 'connections' }),
    });
    const variables = new VariableResolver({ env: process.env, store: this.secrets.variables });
    this.registry = new DagRegistry({
      dagsDir: config.dagsDir,
      ignoreSyntax: config.dagIgnoreFileSyntax,
      isModuleAvailable: (m) => isModuleAvailable(this.#verdict, m),
      clock,
      log: log.child({ stage: 'dags' }),
      events,
    });
    this.scheduler = new Scheduler({
      clock,
      store: this.store,
      dags: this.registry,
      log: log.child({ stage: 'schedule' }),
      events,
      dagsArePausedAtCreation: config.dagsArePausedAtCreation,
    });
    this.#ssh = new SshOperator({ log: log.child({ stage: 'ssh' }) });
    this.executor = new RunExecutor({
      clock,
      store: this.store,
      dags: this.registry,
      operators: [this.#ssh, new BashOperator({ env: taskEnvironment(process.env) }), new EmptyOperator()],
      connections: this.connections,
      profile: () => this.profile,
      dagsDir: config.dagsDir,
      stateDir: config.stateDir,
      log: log.child({ stage: 'tasks' }),
      events,
      parallelism: config.parallelism,
      env: taskEnvironment(process.env),
      getVariable: (key) => {
        try {
          return variables.getVariable(key);
        } catch (e) {
          if (isAgentError(e, 'VARIABLE_NOT_FOUND')) return undefined;
          throw e;
        }
      },
    });
    this.mirror = config.bucket
      ? new S3Mirror({
          bucket: config.bucket,
          endpointUrl: config.endpointUrl,
          region: config.region,
          prefix: config.dagsPrefix,
          dagsDir: config.dagsDir,
          requirementsKey: config.requirementsKey,
          requirementsFile: this.requirementsFile,
          requirementsVersion: config.requirementsVersion,
          stateDir: config.stateDir,
          pollIntervalMs: config.pollInterval * 1000,
          downloadConcurrency: config.downloadConcurrency,
          maxObjectSize: config.maxObjectSize,
          sqsQueueUrl: config.sqsQueueUrl,
          credentials: localEndpointCredentials(config.endpointUrl, process.env),
          progressTerminal: process.stderr,
          clock,
          log: log.child({ stage: 'mirror' }),
          events,
        })
      : null;
    this.#watchers = [
      new FolderWatcher({ dir: config.dagsDir, log: log.child({ stage: 'watch' }), events, debounceMs: 100 }),
      new FolderWatcher({ dir: config.requirementsDir, log: log.child({ stage: 'watch' }), events, debounceMs: 100 }),
    ];
    this.apiCredentials = { user: config.apiUser, ...resolveApiPassword(config.stateDir, config.apiPassword) };
    this.api = this.#createApi(clock, log);
  }

  /** The API's basic-auth credentials; `generated` is true only at the first start (the CLI prints it once). */
  readonly apiCredentials: { user: string; password: string; generated: boolean; file: string | null };

  #createApi(clock: Clock, log: Logger): ApiServer {
    const deps: ApiDeps = {
      clock,
      store: this.store,
      dags: this.registry,
      stateDir: this.config.stateDir,
      dagsDir: this.config.dagsDir,
      version: AGENT_VERSION,
      scheduleInfo: (dag, _rec, now) => {
        const f = dagScheduleFields(dag, this.store, now);
        return {
          scheduleInterval: f.schedule_interval,
          timetableDescription: f.timetable_description,
          nextDagrun: f.next_dagrun,
          nextDagrunDataIntervalStart: f.next_dagrun_data_interval_start,
          nextDagrunDataIntervalEnd: f.next_dagrun_data_interval_end,
          nextDagrunCreateAfter: f.next_dagrun_create_after,
        };
      },
      triggerRun: (dag, req) => {
        const run = createManualRun(this.store, dag, {
          now: clock.now(),
          conf: req.conf,
          runId: req.runId,
          logicalDate: req.logicalDate,
          replaceMicroseconds: false,
          events: this.events,
        });
        return req.note ? this.store.updateRun(run.dagId, run.runId, { note: req.note }) : run;
      },
      requirements: () => this.#verdict,
      mirrorStatus: () => readMirrorStatus(this.config.stateDir),
      wake: () => this.scheduler.wake(),
    };
    const requirementsFile = this.requirementsFile;
    return new ApiServer({
      host: this.config.apiHost,
      port: this.config.apiPort,
      user: this.config.apiUser,
      password: this.apiCredentials.password,
      deps,
      log: log.child({ stage: 'api' }),
      dagsArePausedAtCreation: this.config.dagsArePausedAtCreation,
      plugins: [
        (app) =>
          registerConnectionRoutes(app, {
            connections: this.secrets.connections,
            assertTypeAvailable: (t) => assertConnectionTypeAvailable(t, this.#verdict, requirementsFile),
            testConnection: async (conn) => {
              if (conn.connType !== 'ssh') {
                return {
                  status: false,
                  message: `Hook ${conn.connType ?? 'None'} doesn't implement or inherit test_connection method`,
                };
              }
              return testSshConnection(conn, {
                profile: this.profile,
                dagsDir: this.config.dagsDir,
                stateDir: this.config.stateDir,
                log: log.child({ stage: 'ssh' }),
              });
            },
          }),
        (app) => registerVariableRoutes(app, this.secrets.variables),
        (app) => registerUiRoutes(app),
      ],
    });
  }

  get requirementsFile(): string {
    return join(this.config.requirementsDir, 'requirements.txt');
  }

  get verdict(): RequirementsVerdict {
    return this.#verdict;
  }

  get profile(): AirflowProfile {
    return { airflowVersion: this.#verdict.airflowVersion, sshProviderVersion: this.#verdict.sshProviderVersion };
  }

  #loadVerdict(): RequirementsVerdict {
    return loadRequirementsVerdict({
      requirementsFile: join(this.config.requirementsDir, 'requirements.txt'),
      dagsDir: this.config.dagsDir,
      stateDir: this.config.stateDir,
      env: process.env,
    });
  }

  /** Re-reads requirements.txt; when the verdict changes, DAGs are re-parsed with the new providers. */
  async #onRequirementsChanged(): Promise<void> {
    const before = JSON.stringify(this.#verdict);
    this.#verdict = this.#loadVerdict();
    if (JSON.stringify(this.#verdict) === before) return;
    const v = this.#verdict;
    this.#log.info(
      {
        airflowVersion: v.airflowVersion,
        pythonVersion: v.pythonVersion,
        connectionTypes: v.connectionTypes,
        ok: v.ok,
      },
      'requirements applied',
    );
    this.events.emit('requirements:changed', {
      airflowVersion: v.airflowVersion,
      pythonVersion: v.pythonVersion,
      connectionTypes: v.connectionTypes,
      ok: v.ok,
    });
    this.registry.setModuleAvailability((m) => isModuleAvailable(this.#verdict, m));
  }

  #route(): void {
    const dagsDir = this.config.dagsDir;
    const reqDir = this.config.requirementsDir;
    const safely = (what: string, p: Promise<unknown>) =>
      p.catch((e: unknown) => this.#log.error({ err: e }, `${what} failed`));
    this.#unsubscribe.push(
      this.events.on('folder:changed', ({ dir, paths }) => {
        if (dir === dagsDir) void safely('DAG re-parse', this.registry.refresh(paths));
        else if (dir === reqDir && paths.includes('requirements.txt'))
          void safely('requirements reload', this.#onRequirementsChanged());
      }),
      this.events.on('sync:completed', ({ changedPaths, requirementsChanged }) => {
        if (requirementsChanged) void safely('requirements reload', this.#onRequirementsChanged());
        if (changedPaths.length) void safely('DAG re-parse', this.registry.refresh(changedPaths));
      }),
      this.events.on('dags:parsed', () => this.scheduler.wake()),
      this.events.on('run:created', () => this.scheduler.wake()),
      this.events.on('run:started', () => this.executor.wake()),
      this.events.on('run:finished', () => this.scheduler.wake()),
    );
  }

  /** Starts the stages in data-flow order; a stop() requested meanwhile ends the sequence at the next step. */
  start(): Promise<void> {
    this.#starting ??= this.#start();
    return this.#starting;
  }

  async #start(): Promise<void> {
    this.#route();
    await mkdir(this.config.dagsDir, { recursive: true });
    await mkdir(this.config.requirementsDir, { recursive: true });
    const steps: (() => Promise<void>)[] = [
      async () => this.mirror?.start(),
      () => this.registry.refresh(),
      ...this.#watchers.map((w) => () => w.start()),
      () => this.scheduler.start(),
      () => this.executor.start(),
      () => this.api.start(),
    ];
    for (const step of steps) {
      if (this.#stopRequested) return;
      await step();
    }
  }

  /**
   * Stops in reverse order (the API first, so nothing new arrives while the rest winds down). Waits for an
   * unfinished start(); every step runs even if one fails, and the database is always closed.
   */
  stop(): Promise<void> {
    this.#stopRequested = true;
    this.#stopping ??= (async () => {
      await this.#starting?.catch(() => undefined);
      for (const u of this.#unsubscribe) u();
      const steps: [string, () => unknown][] = [
        ['api', () => this.api.stop()],
        ['executor', () => this.executor.stop()],
        ['scheduler', () => this.scheduler.stop()],
        ...[...this.#watchers].reverse().map((w) => ['watcher', () => w.stop()] as [string, () => unknown]),
        ['mirror', () => this.mirror?.stop()],
        ['ssh', () => this.#ssh.close()],
        ['secrets', () => this.secrets.close()],
        ['store', () => this.store.close()],
        ['database', () => this.#db.close()],
      ];
      let failure: unknown;
      for (const [what, step] of steps) {
        try {
          await step();
        } catch (e) {
          this.#log.error({ err: e, stage: what }, 'stop failed');
          failure ??= e;
        }
      }
      this.#resolveDone();
      if (failure) throw failure;
    })();
    return this.#stopping;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
