import type { IncomingHttpHeaders } from 'node:http';

/** Methods that change state: the ones a cross-site page must not be able to send with the user's credentials. */
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Why a request must be refused as cross-site, or null. Go's `net/http.CrossOriginProtection` rule
 * (Filippo Valsorda, 2025): browsers mark every request with `Sec-Fetch-Site`, and older ones send `Origin`
 * on every unsafe request; a request with neither comes from a non-browser client (curl, the official
 * apache-airflow-client, scripts), which a hostile page cannot drive. The web UI calls the API with
 * same-origin `fetch`, so it passes; a form or fetch from another site is refused before its handler runs.
 * Safe methods are never refused: they change nothing.
 */
export function crossOriginRefusal(method: string, headers: IncomingHttpHeaders): string | null {
  if (!UNSAFE.has(method.toUpperCase())) return null;
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string') {
    if (site === 'same-origin' || site === 'none') return null;
    return `cross-origin request refused: Sec-Fetch-Site is ${JSON.stringify(site)}; state-changing requests must come from the agent's own UI or from a non-browser client`;
  }
  const origin = headers.origin;
  if (typeof origin !== 'string') return null;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return `cross-origin request refused: Origin ${JSON.stringify(origin)} is not a URL`;
  }
  if (host === headers.host) return null;
  return `cross-origin request refused: Origin ${JSON.stringify(origin)} does not match Host ${JSON.stringify(headers.host ?? '')}; state-changing requests must come from the agent's own UI or from a non-browser client`;
}
