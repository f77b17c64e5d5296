import { execFile } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GenericContainer, type StartedTestContainer, Wait } from 'testcontainers';
import { freePort } from './free-port.js';

const execFileP = promisify(execFile);

/**
 * The LocalStack 4.14.0 image `infra/images/localstack.sh` builds (the test set-up builds it: infra/setup.d/
 * 10-localstack.sh). In a container the host's Python version does not matter (LocalStack 4.14 needs 3.12+).
 */
export const LOCALSTACK_IMAGE = process.env.MWAA_AGENT_LOCALSTACK_IMAGE ?? 'mwaa-agent/localstack:4.14.0-r2';
/** Label naming the pid of the process that owns a container, so stale ones can be told from live ones. */
const OWNER_LABEL = 'org.mwaa-agent.localstack-owner-pid';
const READY_TIMEOUT_MS = 120_000;

export interface LocalStackOptions {
  /** Loopback port to listen on; a free one is picked when omitted. */
  port?: number;
  /** LocalStack services to enable (default s3 and sqs). */
  services?: string[];
}

/**
 * LocalStack in a container on the host's network, listening on 127.0.0.1:<port> as a host process would:
 * no port proxy, and the same instance can be stopped and started again on the same port to simulate an S3
 * outage. LocalStack community keeps state in memory only (persistence is a Pro feature), so a restarted
 * instance starts empty.
 *
 * Testcontainers' reaper (Ryuk) needs a registry image, so it is disabled; instead every container carries
 * its owner's pid and `start` removes containers whose owner has died.
 */
export class LocalStack {
  readonly port: number;
  readonly endpoint: string;
  readonly #services: string[];
  readonly #dir: string;
  #container: StartedTestContainer | null = null;
  #log: WriteStream | null = null;

  private constructor(port: number, services: string[], dir: string) {
    this.port = port;
    this.endpoint = `http://127.0.0.1:${port}`;
    this.#services = services;
    this.#dir = dir;
  }

  /** Starts a new LocalStack and resolves once its health endpoint reports every service available. */
  static async start(opts: LocalStackOptions = {}): Promise<LocalStack> {
    process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
    await removeOrphans();
    const dir = await mkdtemp(join(tmpdir(), 'mwaa-localstack-'));
    const ls = new LocalStack(opts.port ?? (await freePort()), opts.services ?? ['s3', 'sqs'], dir);
    try {
      await ls.resume();
    } catch (e) {
      await ls.stop();
      throw e;
    }
    return ls;
  }

  get running(): boolean {
    return this.#container !== null;
  }

  /** Path of the container's combined stdout/stderr, for diagnosing a failed test. */
  get logFile(): string {
    return join(this.#dir, 'localstack.log');
  }

  /** (Re)starts a container on the same port; a no-op while one runs. */
  async resume(): Promise<void> {
    if (this.#container) return;
    const log = createWriteStream(this.logFile, { flags: 'a' });
    this.#log = log;
    try {
      this.#container = await new GenericContainer(LOCALSTACK_IMAGE)
        .withNetworkMode('host')
        .withEnvironment(this.#env())
        .withLabels({ [OWNER_LABEL]: String(process.pid) })
        // The image's HEALTHCHECK asks port 4566; on the host's network the gateway is on this.port.
        .withHealthCheck({
          test: [
            'CMD',
            'python3',
            '-c',
            `import urllib.request; urllib.request.urlopen('${this.endpoint}/_localstack/health', timeout=2)`,
          ],
          interval: 5_000,
          timeout: 3_000,
          retries: 3,
          startPeriod: 60_000,
        })
        .withLogConsumer((stream) => stream.pipe(log, { end: false }))
        .withWaitStrategy(Wait.forLogMessage(/^Ready\.$/m))
        .withStartupTimeout(READY_TIMEOUT_MS)
        .start();
    } catch (e) {
      throw new Error(
        `LocalStack (${LOCALSTACK_IMAGE}) did not start on ${this.endpoint}: ${(e as Error).message}\n` +
          `log ${this.logFile}:\n${await this.#tail()}\n` +
          'The image is built by the test set-up (bash infra/setup.d/10-localstack.sh).',
      );
    }
    await this.#waitHealthy();
  }

  /** Stops the container at once (SIGKILL: LocalStack takes seconds to shut down); the port refuses connections afterwards. */
  async halt(): Promise<void> {
    const container = this.#container;
    if (!container) return;
    this.#container = null;
    await container.stop({ timeout: 0, remove: true });
  }

  /** Stops the container for good and removes the log folder. */
  async stop(): Promise<void> {
    await this.halt();
    this.#log?.end();
    await rm(this.#dir, { recursive: true, force: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  #env(): Record<string, string> {
    // The host's AWS_* settings and proxies never reach the container, and nothing in it may try to reach
    // the internet (DNS server, certificate download, analytics are all off).
    return {
      GATEWAY_LISTEN: `127.0.0.1:${this.port}`,
      LOCALSTACK_HOST: `127.0.0.1:${this.port}`,
      SERVICES: this.#services.join(','),
      EAGER_SERVICE_LOADING: '1',
      SQS_ENDPOINT_STRATEGY: 'path',
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

/** Removes LocalStack containers left by test processes that died (other live owners' containers stay). */
async function removeOrphans(): Promise<void> {
  let listing: string;
  try {
    ({ stdout: listing } = await execFileP('docker', [
      'ps',
      '-a',
      '--filter',
      `label=${OWNER_LABEL}`,
      '--format',
      `{{.ID}} {{.Label "${OWNER_LABEL}"}}`,
    ]));
  } catch {
    return; // No engine answers: starting the container reports that.
  }
  const orphans = listing
    .split('\n')
    .map((l) => l.trim().split(' '))
    .filter(([id, pid]) => id && pid && !alive(Number(pid)))
    .map(([id]) => id!);
  if (orphans.length) await execFileP('docker', ['rm', '-f', ...orphans]).catch(() => undefined);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
