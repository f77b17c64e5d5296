import { validateConstraintsContent, type ConstraintsContent } from './constraints-content.js';
import type { ConstraintsCache } from './constraints-cache.js';

/**
 * Downloads a constraints file (with a timeout and a size limit), validates it and stores it in the cache.
 * The HTTP function is injected: the agent passes `globalThis.fetch`, tests a loopback server.
 */
export type FetchFunction = (
  url: string,
  init: { signal: AbortSignal; headers: Record<string, string> },
) => Promise<Response>;

export interface ConstraintsFetcherOptions {
  cache: ConstraintsCache;
  fetch: FetchFunction;
  /** Default 10 s. */
  timeoutMs?: number;
  /** Default 5 MiB (Apache's files are ~30 KiB). */
  maxBytes?: number;
}

export type FetchOutcome = { ok: true; content: ConstraintsContent } | { ok: false; reason: string };

export class ConstraintsFetcher {
  readonly #opts: Required<ConstraintsFetcherOptions>;

  constructor(opts: ConstraintsFetcherOptions) {
    this.#opts = { timeoutMs: 10_000, maxBytes: 5 * 1024 * 1024, ...opts };
  }

  /** Fetches, validates and caches; never throws. The reason names the URL's host, never credentials. */
  async fetch(url: string): Promise<FetchOutcome> {
    const where = describe(url);
    if (!/^https?:\/\//i.test(url))
      return { ok: false, reason: `${where}: only http(s) constraints URLs can be fetched` };
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), this.#opts.timeoutMs);
    try {
      const { target, headers } = splitCredentials(url);
      const res = await this.#opts.fetch(target, { signal: ac.signal, headers });
      if (!res.ok) return { ok: false, reason: `${where}: HTTP ${res.status}` };
      const text = await readLimited(res, this.#opts.maxBytes);
      if (text === null) return { ok: false, reason: `${where}: larger than ${this.#opts.maxBytes} bytes` };
      const check = validateConstraintsContent(text);
      if (!check.ok) return { ok: false, reason: `${where}: not a constraints file (${check.reason})` };
      this.#opts.cache.write(url, text);
      return { ok: true, content: check.content };
    } catch (e) {
      if (ac.signal.aborted) return { ok: false, reason: `${where}: no answer within ${this.#opts.timeoutMs} ms` };
      const cause = (e as Error & { cause?: { code?: string } }).cause?.code;
      return { ok: false, reason: `${where}: ${cause ?? (e as Error).message.split(url).join(where)}` };
    } finally {
      clearTimeout(timer);
    }
  }
}

async function readLimited(res: Response, maxBytes: number): Promise<string | null> {
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes) return null;
    chunks.push(chunk);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

/** fetch() refuses URLs with user:password; pip sends them as Basic auth, so do the same. */
function splitCredentials(url: string): { target: string; headers: Record<string, string> } {
  const headers: Record<string, string> = { accept: 'text/plain' };
  const u = new URL(url);
  if (u.username === '' && u.password === '') return { target: url, headers };
  headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
  u.username = '';
  u.password = '';
  return { target: u.toString(), headers };
}

/** scheme://host/path without user:password or query, for messages. */
function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'constraints URL';
  }
}
