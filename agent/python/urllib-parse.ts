/**
 * The parts of Python's `urllib.parse` (3.11) that Airflow's connection URIs depend on. WHATWG `URL`
 * normalises (special schemes, IDNA, dot segments, rejects spaces) where `urlsplit` only splits, and its
 * form encoder keeps `*` and escapes `~` where `quote_plus` does the opposite, so only `parse_qsl` is
 * delegated to `URLSearchParams` (same splitting on `&`, `+` → space, UTF-8 with replacement).
 */
import { PythonException } from './exceptions.js';
import { reprStr } from './str-repr.js';

/** Python's `urllib.parse.SplitResult`, fields as strings (empty when absent). */
export interface SplitUrl {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
  fragment: string;
}

const SCHEME_CHARS = /^[A-Za-z][A-Za-z0-9+\-.]*$/;
const ALWAYS_SAFE = /[A-Za-z0-9_.\-~]/;

function valueError(message: string): PythonException {
  return new PythonException('ValueError', message);
}

/** `urllib.parse.urlsplit(url)` with `allow_fragments=True`. */
export function urlSplit(input: string): SplitUrl {
  // Python strips leading C0 controls and spaces, and drops tab/CR/LF anywhere (WHATWG rule, bpo-43882).
  let url = input.replace(/^[\x00-\x20]+/, '').replace(/[\t\r\n]/g, '');
  let scheme = '';
  let netloc = '';
  let query = '';
  let fragment = '';
  const colon = url.indexOf(':');
  if (colon > 0 && SCHEME_CHARS.test(url.slice(0, colon))) {
    scheme = url.slice(0, colon).toLowerCase();
    url = url.slice(colon + 1);
  }
  if (url.startsWith('//')) {
    let end = url.length;
    for (const c of '/?#') {
      const at = url.indexOf(c, 2);
      if (at >= 0) end = Math.min(end, at);
    }
    netloc = url.slice(2, end);
    url = url.slice(end);
    if (netloc.includes('[') !== netloc.includes(']')) throw valueError('Invalid IPv6 URL');
  }
  const hash = url.indexOf('#');
  if (hash >= 0) [url, fragment] = [url.slice(0, hash), url.slice(hash + 1)];
  const q = url.indexOf('?');
  if (q >= 0) [url, query] = [url.slice(0, q), url.slice(q + 1)];
  return { scheme, netloc, path: url, query, fragment };
}

/** `SplitResult.username` / `.password` (null where Python gives None). */
export function netlocUserinfo(netloc: string): { username: string | null; password: string | null } {
  const at = netloc.lastIndexOf('@');
  if (at < 0) return { username: null, password: null };
  const userinfo = netloc.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0) return { username: userinfo, password: null };
  return { username: userinfo.slice(0, colon), password: userinfo.slice(colon + 1) };
}

function hostinfo(netloc: string): { hostname: string; port: string | null } {
  const info = netloc.slice(netloc.lastIndexOf('@') + 1);
  const open = info.indexOf('[');
  let hostname: string;
  let port: string;
  if (open >= 0) {
    const bracketed = info.slice(open + 1);
    const close = bracketed.indexOf(']');
    hostname = close >= 0 ? bracketed.slice(0, close) : bracketed;
    const rest = close >= 0 ? bracketed.slice(close + 1) : '';
    const colon = rest.indexOf(':');
    port = colon >= 0 ? rest.slice(colon + 1) : '';
  } else {
    const colon = info.indexOf(':');
    hostname = colon >= 0 ? info.slice(0, colon) : info;
    port = colon >= 0 ? info.slice(colon + 1) : '';
  }
  return { hostname, port: port === '' ? null : port };
}

/** `SplitResult.hostname`: lowercased except an IPv6 zone after `%`; null when empty. */
export function netlocHostname(netloc: string): string | null {
  const { hostname } = hostinfo(netloc);
  if (!hostname) return null;
  const pct = hostname.indexOf('%');
  return pct < 0 ? hostname.toLowerCase() : hostname.slice(0, pct).toLowerCase() + hostname.slice(pct);
}

/** `SplitResult.port` (Python 3.11 texts): null when absent, ValueError when not 0–65535 digits. */
export function netlocPort(netloc: string): number | null {
  const { port } = hostinfo(netloc);
  if (port === null) return null;
  if (!/^[0-9]+$/.test(port)) throw valueError(`Port could not be cast to integer value as ${reprStr(port)}`);
  const n = Number(port);
  if (n > 65535) throw valueError('Port out of range 0-65535');
  return n;
}

/** `urllib.parse.quote(s, safe)`: UTF-8, upper-case hex, `A-Za-z0-9_.-~` never escaped. */
export function pyQuote(s: string, safe = '/'): string {
  let out = '';
  for (const ch of s) {
    if (ALWAYS_SAFE.test(ch) || (ch.length === 1 && safe.includes(ch))) {
      out += ch;
      continue;
    }
    for (const byte of Buffer.from(ch, 'utf8')) out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** `urllib.parse.quote_plus(s, safe='')`: as quote, with space → `+`. */
export function pyQuotePlus(s: string): string {
  return pyQuote(s, ' ').replace(/ /g, '+');
}

/** `urllib.parse.unquote(s)`: `%XX` runs decoded as UTF-8 with replacement; malformed `%` kept. */
export function pyUnquote(s: string): string {
  if (!s.includes('%')) return s;
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => decoder.decode(Buffer.from(run.replace(/%/g, ''), 'hex')));
}

/** `parse_qsl(qs, keep_blank_values=True)` as ordered pairs. */
export function pyParseQsl(qs: string): [string, string][] {
  return [...new URLSearchParams(qs)];
}

/** `urlencode(pairs)` (quote_plus on both sides; values already strings). */
export function pyUrlencode(pairs: Iterable<[string, string]>): string {
  return [...pairs].map(([k, v]) => `${pyQuotePlus(k)}=${pyQuotePlus(v)}`).join('&');
}
