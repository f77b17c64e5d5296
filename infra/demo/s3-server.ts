import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(new URL('../..', import.meta.url).pathname);
/** moto's S3 server in the virtualenv infra/setup.d/10-moto.sh builds on the system Python. */
const PYTHON = join(REPO, '.venv/moto/bin/python');
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

/**
 * The demo's S3: moto's S3 server as a host process on 127.0.0.1. It runs on the system Python (3.11 on
 * Debian 12), which LocalStack 4.14 cannot; the integration tests use LocalStack. Like LocalStack community it
 * keeps objects in memory only: the demo's BucketSnapshot keeps them across restarts.
 *
 * It runs in its own process group, so a terminal's Ctrl-C reaches only the demo, which saves the bucket
 * before it stops the server.
 */
export class S3Server {
  readonly endpoint: string;
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;
  #output = '';

  private constructor(readonly port: number) {
    this.endpoint = `http://127.0.0.1:${port}`;
    this.#child = spawn(PYTHON, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
      // Built from scratch: the host's AWS_* settings and proxies must not reach the server.
      env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', TMPDIR: process.env.TMPDIR ?? '/tmp' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => (this.#output = (this.#output + d.toString()).slice(-4_000));
    this.#child.stdout!.on('data', keep);
    this.#child.stderr!.on('data', keep);
    this.#exited = new Promise((r) =>
      this.#child.exitCode !== null || this.#child.signalCode !== null ? r() : this.#child.once('exit', () => r()),
    );
  }

  /** Starts the server and resolves once it answers S3 requests. */
  static async start(port: number): Promise<S3Server> {
    if (!existsSync(PYTHON)) throw new Error(`moto is not installed at ${PYTHON}; run: bash infra/setup.d/10-moto.sh`);
    const server = new S3Server(port);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (server.#child.exitCode !== null)
        throw new Error(`moto's S3 server exited on start: ${server.#output.trim().split('\n').slice(-5).join(' | ')}`);
      const ok = await fetch(server.endpoint, { signal: AbortSignal.timeout(2_000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return server;
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`moto's S3 server did not answer on ${server.endpoint} within ${READY_TIMEOUT_MS / 1000} s`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGTERM to its process group, SIGKILL after a grace period; resolves when it has exited. */
  async stop(): Promise<void> {
    signalGroup(this.#child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(this.#child, 'SIGKILL'), STOP_GRACE_MS);
    await this.#exited;
    clearTimeout(timer);
  }

  /** Stops it at once (a second Ctrl-C). */
  kill(): void {
    signalGroup(this.#child, 'SIGKILL');
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}
