// Shared helpers of the mwaa-agent web UI: escaping, state badges, dates, and the REST API call.
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

export async function api(path, opts = {}) {
  // A content-type without a body (DELETE) is a 400 for the server's JSON parser: send it only with one.
  const headers = {
    ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(opts.headers ?? {}),
  };
  const res = await fetch('/api/v1' + path, { ...opts, headers });
  if (res.status === 204) return null;
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  if (!res.ok) throw new Error(body?.detail ?? body?.title ?? String(body));
  return body;
}
