// Shared helpers of the mwaa-agent web UI: escaping, state badges, dates, the session, and the REST API call.
export const main = document.getElementById('main');

export const esc = (s) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
export const enc = encodeURIComponent;
export const state = (s) =>
  `<span class="state ${esc(s ?? 'none')}" data-state="${esc(s ?? 'none')}">${esc(s ?? 'no status')}</span>`;

/** A grid column's label: month-day over hour:minute, in UTC like the rest of the page. */
export const shortWhen = (iso) => (iso ? new Date(iso).toISOString().slice(5, 16).replace('T', '\n') : '');
export const when = (iso) =>
  iso
    ? new Date(iso)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC')
    : '';

/**
 * Requests go to the page's origin, never to the document's URL: opened as http://user:password@host/, the
 * document URL carries the credentials and fetch() refuses any URL resolved against it.
 */
const ORIGIN = location.origin;
const TOKEN_KEY = 'mwaa-agent-token';

/**
 * Credentials typed into the address (http://user:password@host/), read from the document's URL (location.href
 * hides them). Chrome refuses to rewrite such an address in place (history.replaceState), so the page reloads
 * itself at the address without them (`addressWithoutCredentials`) once it has used them: on 2.x the browser
 * keeps them for basic auth, on 3.x they sign in for a token first.
 */
export const addressCredentials = (() => {
  const url = new URL(document.URL);
  if (!url.username && !url.password) return null;
  return { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
})();
export const addressWithoutCredentials = ORIGIN + location.pathname + location.search + location.hash;

/** Which REST API the environment serves (`v1` on Airflow 2, `v2` with a JWT on Airflow 3) and the token. */
export const session = { generation: null, token: sessionStorage.getItem(TOKEN_KEY) };

/** The session has no (valid) token: the page shows the login form. */
export class LoginRequired extends Error {}

/** The agent is still starting (503 with Retry-After): the page says why and asks again after `seconds`. */
export class Starting extends Error {
  constructor(message, seconds) {
    super(message);
    this.seconds = seconds;
  }
}

async function startingFrom(res) {
  const body = await res
    .clone()
    .json()
    .catch(() => ({}));
  return new Starting(errorText(body, res.status), Number(res.headers.get('retry-after')) || 2);
}

/** Asks the server which API it serves: /api/v2/version answers without a token on 3.x, 404 on 2.x. */
export async function detectGeneration() {
  if (session.generation) return session.generation;
  const r = await fetch(`${ORIGIN}/api/v2/version`, { headers: { accept: 'application/json' } });
  // A starting agent answers 503 on either generation: ask again once it is ready, never guess v1.
  if (r.status === 503) throw await startingFrom(r);
  session.generation = r.ok ? 'v2' : 'v1';
  return session.generation;
}

/** Airflow 3's simple auth manager login: POST /auth/token, then `Authorization: Bearer` on every call. */
export async function login(username, password) {
  const r = await fetch(`${ORIGIN}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await r.json().catch(() => ({}));
  if (r.status !== 201) throw new Error(errorText(body, r.status));
  session.token = body.access_token;
  sessionStorage.setItem(TOKEN_KEY, session.token);
}

export function logout() {
  session.token = null;
  sessionStorage.removeItem(TOKEN_KEY);
}

/** The text of an error body: Airflow 2's problem detail/title, Airflow 3's detail (a text or 422 items). */
function errorText(body, status) {
  const d = body?.detail;
  if (Array.isArray(d)) return d.map((i) => `${(i.loc ?? []).join('.')}: ${i.msg}`).join('; ');
  if (typeof d === 'string') return d;
  if (d && typeof d === 'object') return d.message ?? JSON.stringify(d);
  return body?.title ?? (typeof body === 'string' && body ? body : `HTTP ${status}`);
}

/** A call under the origin with the session's token; a refused token on 3.x means logging in again. */
export async function request(path, opts = {}) {
  const headers = { ...(opts.headers ?? {}) };
  if (session.generation === 'v2' && session.token) headers.authorization = `Bearer ${session.token}`;
  const res = await fetch(ORIGIN + path, { ...opts, headers });
  if (session.generation === 'v2' && (res.status === 401 || res.status === 403) && path.startsWith('/api/v2/')) {
    const body = await res
      .clone()
      .json()
      .catch(() => ({}));
    if (['Not authenticated', 'Token Expired', 'Invalid JWT token'].includes(body.detail)) {
      logout();
      throw new LoginRequired(body.detail);
    }
  }
  return res;
}

/** JSON in and out of the environment's REST API (`/api/v1` or `/api/v2` + path). */
export async function api(path, opts = {}) {
  // A content-type without a body (DELETE) is a 400 for the server's JSON parser: send it only with one.
  const headers = {
    accept: 'application/json',
    ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(opts.headers ?? {}),
  };
  const res = await request(`/api/${session.generation}${path}`, { ...opts, headers });
  if (res.status === 204) return null;
  if (res.status === 503 && res.headers.has('retry-after')) throw await startingFrom(res);
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  if (!res.ok) throw new Error(errorText(body, res.status));
  return body;
}
