import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './free-port.js';

/** The project-local LocalStack 4.14.0 that `infra/setup.d/10-localstack.sh` installs. */
const REPO = resolve(new URL('..', import.meta.url).pathname);
const PYTHON = join(REPO, '.venv/localstack/bin/python');
const READY_TIMEOUT_MS = 90_000;

export interface LocalStackOptions {
  /** Loopback port to listen on; a free one is picked when omitted. */
  port?: number;
  /** LocalStack services to enable (default s3 and sqs). */
  services?: string[];
}

/**
 * LocalStack running as a host process (no Docker) on 127.0.0.1. The same instance can be stopped and
 * started again on the same port, to simulate an S3 outage. LocalStack community keeps state in memory only,
 * so a restarted instance starts empty.
 */
export class LocalStack {
  readonly port: number;
  readonly endpoint: string;
  readonly #services: string[];
  readonly #dir: string;
  #child: ChildProcess | null = null;
  #exited: Promise<void> = Promise.resolve();

  private constructor(port: number, services: string[], dir: string) {
    this.port = port;
    this.endpoint = `http://127.0.0.1:${port}`;
    this.#services = services;
    this.#dir = dir;
  }

  /** Starts a new LocalStack and resolves once its health endpoint reports every service available. */
  static async start(opts: LocalStackOptions = {}): Promise<LocalStack> {
    if (!existsSync(PYTHON)) {
      throw new Error(`LocalStack is not installed at ${PYTHON}; run: bash infra/setup.d/10-localstack.sh`);
    }
    const dir = await mkdtemp(join(tmpdir(), 'mwaa-localstack-'));
    const ls = new LocalStack(opts.port ?? (await freePort()), opts.services ?? ['s3', 'sqs'], dir);
    await ls.resume();
    return ls;
  }

  get running(): boolean {
    return this.#child !== null;
  }

  /** Path of the process's combined stdout/stderr, for diagnosing a failed test. */
  get logFile(): string {
    return join(this.#dir, 'localstack.log');
  }

  /** (Re)starts the process on the same port; a no-op while it runs. */
  async resume(): Promise<void> {
    if (this.#child) return;
    const child = spawn(PYTHON, ['-m', 'localstack.runtime.main'], {
      cwd: this.#dir,
      env: this.#env(),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(this.logFile, { flags: 'a' });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    this.#child = child;
    this.#exited = new Promise((r) => child.once('exit', () => r()));
    const exitedEarly = this.#exited.then(async () => {
      throw new Error(`LocalStack exited before it was ready; log ${this.logFile}:\n${await this.#tail()}`);
    });
    await Promise.race([this.#waitHealthy(), exitedEarly]);
  }

  /** Stops the process (SIGTERM, SIGKILL after 10 s); the port refuses connections afterwards. */
  async halt(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    this.#child = null;
    signalGroup(child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 10_000);
    await this.#exited;
    clearTimeout(timer);
  }

  /** Stops the process for good and removes its data folder. */
  async stop(): Promise<void> {
    await this.halt();
    await rm(this.#dir, { recursive: true, force: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  #env(): NodeJS.ProcessEnv {
    // Built from scratch: the host's AWS_* settings and proxies must not reach LocalStack, and nothing in it
    // may try to reach the internet (DNS server, certificate download, analytics are all off).
    return {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      HOME: this.#dir,
      LANG: 'C.UTF-8',
      GATEWAY_LISTEN: `127.0.0.1:${this.port}`,
      LOCALSTACK_HOST: `127.0.0.1:${this.port}`,
      SERVICES: this.#services.join(','),
      EAGER_SERVICE_LOADING: '1',
      SQS_ENDPOINT_STRATEGY: 'path',
      OVERRIDE_IN_DOCKER: '0',
      FILESYSTEM_ROOT: join(this.#dir, 'fs'),
      DNS_ADDRESS: '0',
      SKIP_SSL_CERT_DOWNLOAD: '1',
      DISABLE_EVENTS: '1',
      SKIP_INFRA_DOWNLOADS: '1',
    };
  }

  async #waitHealthy(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (await this.#healthy()) return;
      if (Date.now() > deadline) {
        throw new Error(`LocalStack on ${this.endpoint} not healthy after ${READY_TIMEOUT_MS} ms; log ${this.logFile}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async #healthy(): Promise<boolean> {
    try {
      const res = await fetch(`${this.endpoint}/_localstack/health`, { signal: AbortSignal.timeout(2_000) });
      if (!res.ok) return false;
      const body = (await res.json()) as { services?: Record<string, string> };
      return this.#services.every((s) => ['available', 'running'].includes(body.services?.[s] ?? ''));
    } catch {
      return false;
    }
  }

  async #tail(): Promise<string> {
    const text = await readFile(this.logFile, 'utf8').catch(() => '');
    return text.split('\n').slice(-30).join('\n');
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}
