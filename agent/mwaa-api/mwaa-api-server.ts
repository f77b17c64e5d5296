import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../core/clock.js';
import { LifecycleService } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { handleAwsMwaaPath } from './aws-mwaa-paths.js';
import type { EnvironmentHost } from './environment-host.js';
import { send } from './json-response.js';
import { MwaaApiError } from './mwaa-api-error.js';
import { type MwaaCall, routeOperation } from './mwaa-operations.js';
import type { ShortLivedTokens } from './short-lived-tokens.js';
import { type AcceptedCredentials, verifySignature } from './sigv4-verifier.js';

export interface MwaaApiServerOptions {
  host: string;
  port: number;
  region: string;
  /** The access keys requests may be signed with. */
  credentials: readonly AcceptedCredentials[];
  environments: EnvironmentHost;
  tokens: ShortLivedTokens;
  /** node and the CLI's main script, for `/aws_mwaa/cli`. */
  cli: readonly string[];
  env: NodeJS.ProcessEnv;
  clock: Clock;
  log: Logger;
}

/** The largest request body read; larger ones are refused with 413 before they are read whole. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The MWAA API on its own port: the control plane (`/environments`, `/tags`, `/clitoken`, `/webtoken`,
 * `/restapi`, `/metrics`, REST-JSON as in botocore's `mwaa` service model, every call signed with Signature
 * V4 for service `airflow`), and the web server's `/aws_mwaa/cli` and `/aws_mwaa/aws-console-sso`, which take
 * the short-lived tokens instead. Plain node:http rather than the agent's Fastify: the signature covers the
 * raw path and body, and a request through an HTTP proxy arrives in absolute form.
 */
export class MwaaApiServer extends LifecycleService {
  readonly #o: MwaaApiServerOptions;
  #server: Server | null = null;

  constructor(o: MwaaApiServerOptions) {
    super();
    this.#o = o;
  }

  /** `http://host:port` once started. */
  get url(): string {
    const a = this.#server?.address() as AddressInfo | null;
    if (!a) throw new Error('the MWAA API has not started');
    return `http://${this.#o.host.includes(':') ? `[${this.#o.host}]` : this.#o.host}:${a.port}`;
  }

  /** `host:port`, what CreateCliToken answers as WebServerHostname. */
  get hostname(): string {
    return this.url.slice('http://'.length);
  }

  protected async onStart(): Promise<void> {
    const server = createServer((req, res) => {
      this.#handle(req, res).catch((e: unknown) => {
        this.#o.log.error({ err: e }, 'MWAA API request failed');
        if (!res.headersSent)
          this.#sendError(res, new MwaaApiError(500, 'InternalServerException', 'Internal server error'));
      });
    });
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#o.port, this.#o.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  protected async onStop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = requestTarget(req.url ?? '/');
    try {
      const body = await readBody(req);
      if (target.startsWith('/aws_mwaa/')) {
        await handleAwsMwaaPath(this.#o, req.method ?? 'GET', target, req.headers, body, res);
        return;
      }
      await verifySignature(
        { method: req.method ?? 'GET', target, headers: req.headers, body },
        { credentials: this.#o.credentials, service: 'airflow', now: this.#o.clock.now() },
      );
      const call: MwaaCall = { method: req.method ?? 'GET', target, body };
      const answer = await routeOperation(call, {
        environments: this.#o.environments,
        tokens: this.#o.tokens,
        hostname: this.hostname,
        region: this.#o.region,
      });
      this.#o.log.debug({ operation: answer.operation }, `MWAA API ${answer.operation}`);
      send(res, 200, answer.body);
    } catch (e) {
      if (!(e instanceof MwaaApiError)) throw e;
      this.#o.log.debug({ errorType: e.type, target }, e.message);
      this.#sendError(res, e);
    }
  }

  #sendError(res: ServerResponse, e: MwaaApiError): void {
    res.setHeader('x-amzn-ErrorType', e.type);
    send(res, e.status, e.body());
  }
}

/** The path and query of a request target; an absolute-form target (through an HTTP proxy) is reduced to them. */
function requestTarget(url: string): string {
  const m = /^https?:\/\/[^/]*(\/.*)?$/i.exec(url);
  return m ? (m[1] ?? '/') : url;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooLarge(): MwaaApiError {
  return new MwaaApiError(
    413,
    'RequestEntityTooLargeException',
    `Request body is larger than ${MAX_BODY_BYTES} bytes, the largest the MWAA API here accepts`,
  );
}
