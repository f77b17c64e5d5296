import { timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fastifyEtag from '@fastify/etag';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyServerFactory,
} from 'fastify';
import { isAgentError, type ErrorCode } from '../core/errors.js';
import { LifecycleService } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import type { ApiDeps } from './api-deps.js';
import { crossOriginRefusal } from './cross-origin.js';
import { LogTokens } from './log-pages.js';
import { type Problem, ProblemError, problemDocsBase, sendProblem } from './problem.js';
import { READY_PATH, registerReadiness } from './readiness.js';
import { registerDagDetailRoutes } from './routes/dag-detail-routes.js';
import { registerDagRoutes } from './routes/dag-routes.js';
import { registerDagRunRoutes } from './routes/dag-run-routes.js';
import { registerMiscRoutes } from './routes/misc-routes.js';
import { registerTaskInstanceRoutes } from './routes/task-instance-routes.js';
import { registerApiV2 } from './v2/v2-api.js';
import type { V2Deps } from './v2/v2-deps.js';

export interface ApiServerOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  deps: ApiDeps;
  log: Logger;
  /** `[core] dags_are_paused_at_creation` in effect, read per request (the startup script may set it). */
  dagsArePausedAtCreation: () => boolean;
  /** Extra route sets (connections, variables, UI) registered after the core ones. */
  plugins?: ((app: FastifyInstance) => void)[];
  /**
   * The REST API the environment's Airflow serves, read per request (requirements.txt may change the version
   * while the agent runs): `v1` (2.x: /api/v1, basic auth) or `v2` (3.x: /api/v2, JWT from /auth/token).
   */
  generation: () => 'v1' | 'v2';
  /** The environment's Airflow version, read per request: the problems' `type` links its API reference. */
  airflowVersion: () => string;
  /** What /api/v2 needs; without it only /api/v1 is served. */
  v2?: V2Deps;
  /**
   * A server already listening on the API's address (early-listener.ts): the API takes over its requests at
   * start() instead of binding one, so the port answers from the process's first moments.
   */
  server?: Server;
}

/** Airflow 3's answer to any /api/v1 path. */
const V1_REMOVED = { error: '/api/v1 has been removed in Airflow 3, please use its upgraded version /api/v2 instead.' };

const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  DAG_NOT_FOUND: 404,
  DAG_RUN_NOT_FOUND: 404,
  TASK_NOT_FOUND: 404,
  CONNECTION_NOT_FOUND: 404,
  VARIABLE_NOT_FOUND: 404,
  DAG_RUN_EXISTS: 409,
  CONNECTION_EXISTS: 409,
  API_BAD_REQUEST: 400,
  CONNECTION_INVALID: 400,
  CONNECTION_TYPE_UNAVAILABLE: 400,
  DAG_IMPORT_ERROR: 400,
};

/** Flask's 404 of Airflow 2's webserver, as an RFC 7807 problem. */
function notFoundProblem(path: string) {
  return new ProblemError(404, `The requested URL ${path} was not found on the server.`, 'Not Found').problem;
}

/**
 * On every answer: the UI may not be framed (clickjacking) and runs only its own scripts. Its markup uses
 * inline `style` attributes, hence `'unsafe-inline'` for styles only; scripts are the three module files.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
};

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Airflow's REST API and the web UI: on a 2.x environment the stable API (/api/v1) and the UI behind basic auth
 * (except /health); on 3.x /api/v2 behind JWTs from /auth/token, and /api/v1 answers that it was removed.
 */
export class ApiServer extends LifecycleService {
  readonly app: FastifyInstance;
  readonly #opts: ApiServerOptions;
  #started: string | null = null;
  #adopt: (() => void) | null = null;

  constructor(opts: ApiServerOptions) {
    super();
    this.#opts = opts;
    const adopted = opts.server;
    const serverFactory: FastifyServerFactory | undefined = adopted
      ? (handler) => {
          // Requests go on to the early listener's handler until start(): the routes are not compiled before.
          this.#adopt = () => {
            adopted.removeAllListeners('request');
            adopted.on('request', handler);
          };
          return adopted;
        }
      : undefined;
    this.app = Fastify({
      serverFactory,
      logger: false,
      bodyLimit: 1024 * 1024,
      routerOptions: { maxParamLength: 1000 },
      return503OnClosing: true,
    });
    this.#install();
  }

  #install(): void {
    const { app } = this;
    const send = (reply: FastifyReply, p: Problem) =>
      sendProblem(reply, p, problemDocsBase(this.#opts.airflowVersion()));
    const { user, password, log } = this.#opts;
    app.addHook('onRequest', async (req, reply) => {
      const path = req.url.split('?')[0]!;
      if (path === '/health' || path === READY_PATH) return;
      const v2 = this.#opts.generation() === 'v2' && this.#opts.v2 !== undefined;
      const v2Path = path.startsWith('/api/v2') || path === '/auth' || path.startsWith('/auth/');
      if (v2) {
        if (path === '/api/v1' || path.startsWith('/api/v1/')) return reply.code(404).send(V1_REMOVED);
        // /api/v2 checks its tokens itself; the UI logs in through it.
        return;
      }
      if (v2Path) return send(reply, notFoundProblem(path));
      if (path === '/api/v1/health') return;
      const header = req.headers.authorization ?? '';
      const m = /^Basic\s+(.+)$/i.exec(header);
      const [u, ...rest] = m ? Buffer.from(m[1]!, 'base64').toString('utf8').split(':') : [];
      if (m && sameSecret(u ?? '', user) && sameSecret(rest.join(':'), password)) return;
      reply.header('WWW-Authenticate', 'Basic realm="mwaa-agent"');
      return send(reply, new ProblemError(401, 'Unauthorized', 'Unauthorized').problem);
    });
    // After authentication, so a bad password still answers 401; before any body is read or handler runs.
    app.addHook('onRequest', async (req, reply) => {
      const refusal = crossOriginRefusal(req.method, req.headers);
      if (!refusal) return;
      log.debug({ method: req.method, url: req.url, origin: req.headers.origin }, refusal);
      return send(reply, new ProblemError(403, refusal, 'Forbidden').problem);
    });
    app.addHook('onSend', async (_req, reply) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    });
    // Every JSON answer carries an ETag (a hash of the body); a poller that sends it back as If-None-Match gets
    // 304 without the body while nothing changed. Airflow's webserver sends none; clients that ignore it lose nothing.
    app.register(fastifyEtag, { algorithm: 'sha1' });
    // Airflow accepts an empty body sent with Content-Type: application/json (scripts do that on DELETE).
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
      const text = String(body);
      if (text.trim() === '') return done(null, undefined);
      try {
        // JSON.parse keeps `__proto__` and `constructor` as own keys (it never sets a prototype); the routes
        // refuse them as Airflow does (v1: "Unknown field." 400, v2: extra_forbidden 422), never as a 500.
        done(null, JSON.parse(text));
      } catch (e) {
        done(new ProblemError(400, `Request body is not valid JSON: ${(e as Error).message}`), undefined);
      }
    });
    app.setErrorHandler((err: FastifyError, _req, reply) => {
      if (err instanceof ProblemError) return send(reply, err.problem);
      if (isAgentError(err)) return send(reply, new ProblemError(STATUS_OF[err.code] ?? 500, err.message).problem);
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
        return send(
          reply,
          new ProblemError(413, `Request body is larger than ${app.initialConfig.bodyLimit} bytes`).problem,
        );
      if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
        return send(
          reply,
          new ProblemError(415, `Unsupported media type: ${String(_req.headers['content-type'])}; use application/json`)
            .problem,
        );
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
        return send(reply, new ProblemError(err.statusCode, err.message).problem);
      log.error({ err, url: _req.url }, 'API request failed');
      return send(reply, new ProblemError(500, 'Internal error; see the agent log').problem);
    });
    app.setNotFoundHandler((req, reply) => send(reply, notFoundProblem(req.url.split('?')[0]!)));
    const deps = this.#opts.deps;
    const startup = deps.startup;
    if (startup) registerReadiness(app, startup, send);
    registerMiscRoutes(app, deps, () => this.#started);
    registerDagRoutes(app, deps, this.#opts.dagsArePausedAtCreation);
    registerDagDetailRoutes(app, deps, this.#opts.dagsArePausedAtCreation);
    registerDagRunRoutes(app, deps);
    registerTaskInstanceRoutes(app, deps, new LogTokens(this.#opts.password));
    for (const plugin of this.#opts.plugins ?? []) plugin(app);
    if (this.#opts.v2) registerApiV2(app, this.#opts.v2, log, () => this.#started);
  }

  /** The bound address (after start), e.g. http://127.0.0.1:8080. */
  get url(): string {
    const a = this.app.server.address() as AddressInfo | null;
    if (!a) throw new Error('API server not started');
    const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
    return `http://${host}:${a.port}`;
  }

  protected async onStart(): Promise<void> {
    if (this.#adopt) {
      await this.app.ready();
      this.#adopt();
    } else await this.app.listen({ host: this.#opts.host, port: this.#opts.port });
    this.#started = new Date().toISOString();
  }

  protected async onStop(): Promise<void> {
    const adopted = this.#opts.server;
    if (this.#started) await this.app.close();
    // Fastify closes only a server it made listen.
    if (adopted?.listening) {
      const closed = new Promise<void>((resolve) => adopted.close(() => resolve()));
      adopted.closeAllConnections();
      await closed;
    }
  }
}
