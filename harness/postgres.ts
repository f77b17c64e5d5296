import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.js';

const run = promisify(execFile);

/** Debian's and Ubuntu's PostgreSQL server binaries (package `postgresql`), the newest installed; null: none. */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0]!, 'bin') : null;
}

/** A throw-away PostgreSQL cluster on 127.0.0.1; `await using` stops it and removes its folder. */
export interface PostgresServer extends AsyncDisposable {
  host: string;
  port: number;
  /** The URL of `database` (the cluster's `postgres` database by default), as `--state-url` takes it. */
  url(database?: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Runs one SQL statement on `database` and returns its rows. */
  query(sql: string, params?: unknown[], database?: string): Promise<Record<string, unknown>[]>;
  /** The server's log so far, for failure messages. */
  output(): string;
  /** Shuts the server down, keeping its data: clients see it lost. */
  pause(): Promise<void>;
  /** Starts it again on the same port and data after `pause`. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'mwaa';

const urlOn =
  (port: number) =>
  (database = 'postgres'): string =>
    `postgresql://${USER}@127.0.0.1:${port}/${database}`;

/**
 * initdb in a temp folder, then `postgres` on 127.0.0.1 and a free port with its socket in that folder, no
 * fsync (the data is thrown away). PostgreSQL refuses to run as root: as root, the cluster belongs to the
 * `postgres` user the Debian package creates.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql; infra/setup-system.sh does it)');
  const dir = await mkdtemp(join(tmpdir(), 'mwaa-postgres-'));
  const data = join(dir, 'data');
  const owner = process.getuid?.() === 0 ? await postgresUser() : undefined;
  if (owner) await chown(dir, owner.uid, owner.gid);
  await run(
    join(bin, 'initdb'),
    ['-D', data, '-U', USER, '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'],
    {
      ...owner,
      cwd: dir,
    },
  );
  /** `postgres` on `port` over the cluster's folder; resolves once it accepts connections. */
  const serve = async (port: number) => {
    const args = ['-D', data, '-k', dir, '-p', String(port), '-h', '127.0.0.1', '-F'];
    args.push('-c', 'full_page_writes=off', '-c', 'max_connections=50');
    const proc = spawn(join(bin, 'postgres'), args, { ...owner, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    try {
      await waitForConnections(urlOn(port)(), () => proc.exitCode !== null, 20_000);
    } catch (e) {
      proc.kill('SIGKILL');
      await exited;
      throw new Error(`${(e as Error).message}\n${out}`);
    }
    // SIGINT: PostgreSQL's fast shutdown (ends sessions, no checkpoint wait beyond the shutdown one).
    return async () => {
      if (proc.exitCode === null) proc.kill('SIGINT');
      await exited;
    };
  };
  let out = '';
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    let halt: (() => Promise<void>) | null;
    try {
      halt = await serve(port);
    } catch (e) {
      lastError = e;
      continue;
    }
    const url = urlOn(port);
    const query = async (sql: string, params: unknown[] = [], database?: string) => {
      const client = new pg.Client({ connectionString: url(database) });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    };
    let stopped: Promise<void> | null = null;
    const stop = () =>
      (stopped ??= (async () => {
        await halt?.();
        await rm(dir, { recursive: true, force: true });
      })());
    return {
      host: '127.0.0.1',
      port,
      url,
      createDatabase: async (name) => {
        await query(`CREATE DATABASE "${name}"`);
        return url(name);
      },
      query,
      output: () => out,
      pause: async () => {
        await halt?.();
        halt = null;
      },
      resume: async () => {
        halt ??= await serve(port);
      },
      stop,
      [Symbol.asyncDispose]: stop,
    };
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function waitForConnections(url: string, died: () => boolean, deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (died()) throw new Error('postgres exited before accepting connections');
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
    }
    if (Date.now() > end) throw new Error(`postgres did not accept connections on ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
