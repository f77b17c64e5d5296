import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { SystemClock, type Clock } from '../../../agent/core/clock.js';
import { EventBus } from '../../../agent/core/events.js';
import type { Logger } from '../../../agent/core/logger.js';
import { S3Mirror, type S3MirrorOptions } from '../../../agent/mirror/s3-mirror.js';
import { AwsCli, uniqueBucket } from '../../../harness/aws-cli.js';

export interface LogRecord {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** A pino logger whose records the test can read. */
export function captureLogger(): { log: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) records.push(JSON.parse(line) as LogRecord);
      cb();
    },
  });
  return { log: pino({ level: 'debug', base: null }, sink), records };
}

export const WARN = 40;

export interface MirrorSetup {
  aws: AwsCli;
  bucket: string;
  root: string;
  dagsDir: string;
  stateDir: string;
  requirementsFile: string;
  events: EventBus;
  records: LogRecord[];
  options: S3MirrorOptions;
  mirror: (overrides?: Partial<S3MirrorOptions>) => S3Mirror;
  /** Uploads `content` to `key` with the real AWS CLI (`s3 cp`). */
  put: (key: string, content: string | Buffer) => Promise<void>;
  /** Uploads many objects in one `aws s3 sync` (`{ 'dags/a.py': 'content' }`). */
  putTree: (files: Record<string, string | Buffer>) => Promise<void>;
  /** An empty object (a folder marker when `key` ends in '/') via `aws s3api put-object`. */
  putEmpty: (key: string) => Promise<void>;
}

/** A fresh bucket on `endpoint` and fresh local folders; `mirror()` builds an S3Mirror over them. */
export async function mirrorSetup(
  endpoint: string,
  overrides: Partial<S3MirrorOptions> = {},
  clock: Clock = new SystemClock(),
): Promise<MirrorSetup> {
  const aws = new AwsCli(endpoint);
  const bucket = uniqueBucket();
  await aws.mb(bucket);
  const root = await mkdtemp(join(tmpdir(), 'mirror-it-'));
  const dagsDir = join(root, 'dags');
  const stateDir = join(root, 'state');
  const requirementsFile = join(root, 'requirements', 'requirements.txt');
  const events = new EventBus();
  const { log, records } = captureLogger();
  const options: S3MirrorOptions = {
    bucket,
    endpointUrl: endpoint,
    region: 'us-east-1',
    prefix: 'dags/',
    dagsDir,
    requirementsKey: 'requirements.txt',
    requirementsFile,
    requirementsVersion: null,
    stateDir,
    pollIntervalMs: 60_000,
    downloadConcurrency: 8,
    maxObjectSize: 100 * 1024 * 1024,
    sqsQueueUrl: null,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    clock,
    log,
    events,
    ...overrides,
  };
  const upload = join(root, 'upload');
  await mkdir(upload, { recursive: true });
  let n = 0;
  const put = async (key: string, content: string | Buffer): Promise<void> => {
    const f = join(upload, `f${n++}`);
    await writeFile(f, content);
    await aws.cp(f, `s3://${bucket}/${key}`);
  };
  const putTree = async (files: Record<string, string | Buffer>): Promise<void> => {
    const dir = join(upload, `t${n++}`);
    await writeTree(dir, files);
    await aws.sync(dir, `s3://${bucket}/`);
  };
  const putEmpty = async (key: string): Promise<void> => {
    await aws.s3api('put-object', '--bucket', bucket, '--key', key);
  };
  return {
    aws,
    bucket,
    root,
    dagsDir,
    stateDir,
    requirementsFile,
    events,
    records,
    options,
    put,
    putTree,
    putEmpty,
    mirror: (o = {}) => new S3Mirror({ ...options, ...o }),
  };
}

/** Every file under `dir`, relative, '/'-separated, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(join(d, e.name), r);
      else out.push(r);
    }
  };
  await walk(dir, '');
  return out.sort();
}

/** Writes a tree of files under `dir` (`{ 'a/b.py': 'content' }`). */
export async function writeTree(dir: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), content);
  }
}

export async function putObject(client: S3Client, bucket: string, key: string, body: string | Buffer): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}
