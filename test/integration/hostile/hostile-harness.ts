import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentProcess, assertBuilt } from '../../../harness/agent-process.js';
import { eventually } from '../../../harness/eventually.js';
import { freePort } from '../../../harness/free-port.js';
import { s3FixtureClient } from '../../../harness/s3-fixture.js';

/** The agent's resident memory may not pass this, whatever a bucket holds (idle: about 150 MB). */
export const RSS_BOUND_MB = 600;

/** How /health and memory behaved while a case ran. */
export interface Watch {
  /** Slowest /health answer, ms (a failed request counts as 99,999). */
  maxHealthMs: number;
  healthRequests: number;
  /** Largest resident set of the agent process, MB. */
  peakRssMb: number;
}

/**
 * One built `mwaa-agent run` mirroring a LocalStack bucket into a temp DAG folder, with a sentinel folder
 * beside it that nothing may change, a /health poller and an RSS sampler.
 */
export class HostileAgent {
  readonly s3: S3Client;
  readonly bucket = `hostile-${Date.now().toString(36)}`;
  root = '';
  dagsDir = '';
  stateDir = '';
  outside = '';
  url = '';
  password = 'hostile-pw';
  agent!: AgentProcess;
  #watching: { stop: () => Promise<Watch> } | null = null;
  #args: string[] = [];

  constructor(endpoint: string) {
    this.s3 = s3FixtureClient(endpoint);
  }

  async start(endpoint: string, extraArgs: string[] = []): Promise<void> {
    assertBuilt();
    this.root = await mkdtemp(join(tmpdir(), 'mwaa-hostile-'));
    this.dagsDir = join(this.root, 'dags');
    this.stateDir = join(this.root, 'state');
    this.outside = join(this.root, 'outside');
    await mkdir(this.dagsDir);
    await mkdir(this.outside);
    await writeFile(join(this.outside, 'keep.txt'), 'nothing may change this folder\n');
    await this.s3.send(new CreateBucketCommand({ Bucket: this.bucket }));
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.#args = [
      '--bucket',
      this.bucket,
      '--endpoint-url',
      endpoint,
      '--poll-interval',
      '0.5',
      '--dags-dir',
      this.dagsDir,
      '--state-dir',
      this.stateDir,
      '--requirements-dir',
      join(this.root, 'requirements'),
      '--api-port',
      String(port),
      '--dags-are-paused-at-creation',
      'false',
      // The suite speaks Airflow 2's /api/v1 with basic auth and expects 2.x defaults (catchup on): without
      // requirements.txt the agent would be MWAA's newest, 3.3.1.
      '--airflow-version',
      '2.10.3',
      ...extraArgs,
    ];
    await this.#spawn();
    this.password = (await readFile(join(this.stateDir, 'api-password'), 'utf8')).trim();
  }

  /** Stops the agent and starts it again on the same folders, bucket and port; resolves once it is ready. */
  async restart(): Promise<void> {
    await this.agent.stop();
    await this.#spawn();
  }

  async #spawn(): Promise<void> {
    this.agent = new AgentProcess(this.#args, {
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      MWAA_AGENT_API_PASSWORD: '',
    });
    // /health answers from the process's start; the rest of the API once the DAG folder is read.
    await eventually(
      'the API',
      async () => ((await fetch(`${this.url}/mwaa-agent/ready`)).ok ? true : undefined),
      60_000,
    );
  }

  async upload(name: string, content: string | Buffer): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: `dags/${name}`, Body: content }));
  }

  async remove(name: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: `dags/${name}` }));
  }

  api(path: string, init: RequestInit = {}): Promise<Response> {
    const auth = `Basic ${Buffer.from(`admin:${this.password}`).toString('base64')}`;
    return fetch(this.url + path, { ...init, headers: { authorization: auth, ...(init.headers ?? {}) } });
  }

  async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    const r = await this.api(path, init);
    if (!r.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  }

  /** Uploads a fresh valid DAG and resolves once the API lists it (the agent still reads new files). */
  async validDagListed(id: string, withinMs = 20_000): Promise<number> {
    const started = Date.now();
    await this.upload(`${id}.py`, validDag(id));
    await eventually(
      `DAG ${id} to be listed`,
      async () => {
        const { dags } = await this.json<{ dags: { dag_id: string }[] }>('/api/v1/dags?limit=1000');
        return dags.some((d) => d.dag_id === id) ? true : undefined;
      },
      withinMs,
      200,
    );
    return Date.now() - started;
  }

  async importError(file: string, withinMs = 30_000): Promise<string> {
    return eventually(
      `an import error for ${file}`,
      async () => {
        const { import_errors } = await this.json<{ import_errors: { filename: string; stack_trace: string }[] }>(
          '/api/v1/importErrors?limit=1000',
        );
        return import_errors.find((e) => e.filename.endsWith(`/${file}`))?.stack_trace;
      },
      withinMs,
      200,
    );
  }

  /** Starts polling /health every 200 ms (1-s timeout) and sampling RSS; `stop()` gives the figures. */
  watch(): void {
    let stopped = false;
    const w: Watch = { maxHealthMs: 0, healthRequests: 0, peakRssMb: 0 };
    const loop = (async () => {
      while (!stopped) {
        const t = performance.now();
        try {
          const r = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(1_000) });
          await r.text();
          w.maxHealthMs = Math.max(w.maxHealthMs, performance.now() - t);
        } catch {
          w.maxHealthMs = 99_999;
        }
        w.healthRequests++;
        w.peakRssMb = Math.max(w.peakRssMb, this.rssMb());
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    this.#watching = {
      stop: async () => {
        stopped = true;
        await loop;
        return w;
      },
    };
  }

  async stopWatching(): Promise<Watch> {
    const w = await this.#watching!.stop();
    this.#watching = null;
    return w;
  }

  rssMb(): number {
    try {
      const status = readFileSync(`/proc/${this.agent.proc.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    } catch {
      return 0;
    }
  }

  /** Every file outside the agent's own folders, with its content: must never change. */
  async outsideSnapshot(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const name of await readdir(this.outside, { recursive: true }))
      out[name] = await readFile(join(this.outside, name), 'utf8').catch(() => '<folder>');
    return out;
  }

  async stop(): Promise<void> {
    await this.agent?.stop();
    this.s3.destroy();
  }
}

export function validDag(id: string): string {
  return [
    'from datetime import datetime',
    'from airflow import DAG',
    'from airflow.operators.empty import EmptyOperator',
    `with DAG("${id}", start_date=datetime(2024, 1, 1), schedule=None) as dag:`,
    '    EmptyOperator(task_id="t")',
    '',
  ].join('\n');
}

/** A DAG file with `body` inside its `with DAG(...)` block (indented by the caller). */
export function dagWith(id: string, args: string, body: string, imports = ''): string {
  return [
    'from datetime import datetime, timedelta',
    'from airflow import DAG',
    'from airflow.operators.bash import BashOperator',
    'from airflow.operators.empty import EmptyOperator',
    imports,
    `with DAG("${id}", ${args}) as dag:`,
    body,
    '',
  ].join('\n');
}
