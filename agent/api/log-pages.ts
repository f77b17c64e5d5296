import { createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { badRequest } from './problem.js';

/**
 * Bytes of log text in one JSON answer of the log endpoint. Airflow returns the whole file at once; a task
 * log may be 100 MiB (`--task-log-max-bytes`), which as one Python repr inside JSON would cost the agent
 * gigabytes, so the agent pages and the continuation token carries the position, as Airflow's does.
 */
export const LOG_PAGE_BYTES = 512 * 1024;

/** The metadata Airflow keeps in its continuation token (`log_pos`, `end_of_log`, `download_logs`). */
export interface LogMetadata {
  end_of_log?: boolean;
  /** Byte offset in the attempt's file up to which earlier answers went. */
  log_pos?: number;
  download_logs?: boolean;
}

/**
 * Airflow signs the token (itsdangerous, with the webserver's secret key) and answers a forged one with
 * 400; here an HMAC-SHA256 keyed by the API secret, `<base64url JSON>.<base64url MAC>`.
 */
export class LogTokens {
  readonly #key: Buffer;

  constructor(secret: string) {
    this.#key = createHmac('sha256', 'mwaa-agent log continuation token').update(secret).digest();
  }

  sign(metadata: LogMetadata): string {
    const payload = Buffer.from(JSON.stringify(metadata)).toString('base64url');
    return `${payload}.${this.#mac(payload)}`;
  }

  /** The metadata of a token this agent issued; Airflow's 400 otherwise. */
  verify(token: string): LogMetadata {
    const [payload, mac, ...rest] = token.split('.');
    const expected = Buffer.from(this.#mac(payload ?? ''));
    const given = Buffer.from(mac ?? '');
    if (rest.length > 0 || given.length !== expected.length || !timingSafeEqual(given, expected))
      throw badRequest('Bad Signature. Please use only the tokens provided by the API.');
    const value = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as LogMetadata) : {};
  }

  #mac(payload: string): string {
    return createHmac('sha256', this.#key).update(payload).digest('base64url');
  }
}

/** One page of a log file: text from `from`, ending at a line (or character) boundary, and where it stopped. */
export interface LogPage {
  text: string;
  next: number;
  /** True when the page reaches the end of the file as it is now. */
  atEnd: boolean;
}

/** Reads at most `maxBytes` from byte `from` of `path`, cut after the last newline when there is one. */
export async function readLogPage(path: string, from: number, maxBytes = LOG_PAGE_BYTES): Promise<LogPage> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const start = Math.min(Math.max(0, from), size);
    const length = Math.min(maxBytes, size - start);
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, start);
    return logPage(buf.subarray(0, bytesRead), start, size);
  } finally {
    await fh.close();
  }
}

/** The page of `bytes` (read from byte `start` of a log of `size` bytes), cut as {@link readLogPage} cuts it. */
export function logPage(read: Buffer, start: number, size: number): LogPage {
  let bytes = read;
  const atEnd = start + read.length >= size;
  if (!atEnd) {
    const nl = bytes.lastIndexOf(0x0a);
    bytes = bytes.subarray(0, nl >= 0 ? nl + 1 : characterStart(bytes));
  }
  return { text: bytes.toString('utf8'), next: start + bytes.length, atEnd };
}

/** `prefix`, then the file from byte `from` to its end, then `suffix`, streamed with bounded memory. */
export function streamLog(path: string, from: number, prefix: string, suffix: string): Readable {
  return Readable.from(
    (async function* () {
      yield Buffer.from(prefix);
      for await (const chunk of createReadStream(path, { start: Math.max(0, from) })) yield chunk as Buffer;
      yield Buffer.from(suffix);
    })(),
  );
}

/** Length of `bytes` without an incomplete UTF-8 character at its end. */
function characterStart(bytes: Buffer): number {
  for (let i = bytes.length - 1; i >= 0 && i >= bytes.length - 4; i--) {
    const b = bytes[i]!;
    if ((b & 0xc0) === 0x80) continue;
    const length = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return i + length > bytes.length ? i : bytes.length;
  }
  return bytes.length;
}
