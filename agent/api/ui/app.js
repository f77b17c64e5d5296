// mwaa-agent web UI: a small hash-routed page over the environment's REST API (Airflow 2's /api/v1 with basic
// auth, or Airflow 3's /api/v2 with a token). No build step: the browser loads these modules as they are.
import { requirementsPage, variablesPage, versionSource } from './admin-pages.js';
import {
  agentStatus,
  getTaskInstance,
  listDags,
  listImportErrors,
  listRuns,
  readLog,
  setPaused,
} from './airflow-api.js';
import { connectionForm, connectionsPage } from './connections.js';
import { ACTIVE, dagPage, triggerDialog } from './dag-page.js';
import {
  addressCredentials,
  addressWithoutCredentials,
  detectGeneration,
  enc,
  esc,
  LoginRequired,
  Starting,
  login,
  logout,
  main,
  session,
  state,
  when,
} from './lib.js';
import { loginPage } from './login.js';

const banner = document.getElementById('banner');
let refreshTimer = null;

/** Re-renders the current page in a moment while something on it is still moving (as Airflow's grid auto-refreshes). */
function refreshWhile(active) {
  if (!active) return;
  const hash = location.hash;
  refreshTimer = setTimeout(() => location.hash === hash && route(), 1500);
}

async function showBanner() {
  try {
    const errors = await listImportErrors();
    banner.innerHTML = errors
      .map(
        (e) => `<p class="banner" data-testid="broken-dag">Broken DAG: [${esc(e.filename)}] ${esc(e.stackTrace)}</p>`,
      )
      .join('');
  } catch (e) {
    banner.innerHTML = '';
    if (e instanceof LoginRequired) throw e;
  }
}

/** The header's environment line: the Airflow version the agent behaves as, and where that came from. */
async function showEnv() {
  const env = document.getElementById('env');
  if (env.dataset.loaded) return;
  const { requirements: r } = await agentStatus();
  env.dataset.loaded = 'yes';
  env.innerHTML = `<span data-testid="airflow-version">Airflow ${esc(r.airflowVersion)}</span> <span class="muted">from ${esc(versionSource(r))}</span>${
    session.generation === 'v2' ? ' · <a href="#" id="logout">Sign out</a>' : ''
  }`;
  document.getElementById('logout')?.addEventListener('click', (ev) => {
    ev.preventDefault();
    logout();
    env.dataset.loaded = '';
    route();
  });
}

async function dagsPage() {
  const dags = await listDags();
  const rows = await Promise.all(dags.map(async (d) => ({ d, last: (await listRuns(d.dagId, 1))[0] })));
  main.innerHTML = `<h1>DAGs</h1>
    <table data-testid="dags"><thead><tr><th class="col-toggle" title="Pause/Unpause DAG"></th><th>DAG</th><th>Schedule</th><th>Next run</th><th>Last run</th><th>Actions</th></tr></thead><tbody>
    ${
      rows
        .map(
          ({ d, last }) => `<tr data-dag="${esc(d.dagId)}">
        <td><input type="checkbox" class="switch" title="${d.isPaused ? 'Paused: click to unpause' : 'Active: click to pause'}" data-action="toggle" ${d.isPaused ? '' : 'checked'} aria-label="pause toggle"></td>
        <td><a href="#/dags/${enc(d.dagId)}">${esc(d.dagId)}</a>${d.tags.map((t) => ` <span class="muted">#${esc(t)}</span>`).join('')}</td>
        <td class="mono">${esc(d.schedule)}</td>
        <td>${esc(when(d.nextRun) || '—')}</td>
        <td>${last ? `${state(last.state)} <span class="muted">${esc(when(last.when))}</span>` : '<span class="muted">—</span>'}</td>
        <td><button data-action="trigger">Trigger</button></td></tr>`,
        )
        .join('') || '<tr><td colspan="6" class="muted">No DAGs in the DAG folder yet.</td></tr>'
    }
    </tbody></table>`;
  main
    .querySelectorAll('[data-action=toggle]')
    .forEach((el) => el.addEventListener('change', () => setPaused(el.closest('tr').dataset.dag, !el.checked)));
  main
    .querySelectorAll('[data-action=trigger]')
    .forEach((el) => el.addEventListener('click', () => triggerDialog(el.closest('tr').dataset.dag)));
  refreshWhile(rows.some(({ last }) => last && ACTIVE.includes(last.state)));
}

async function logPage(dagId, runId, taskId, tryNumber, mapIndex) {
  const [ti, log] = await Promise.all([
    getTaskInstance(dagId, runId, taskId, mapIndex),
    readLog(dagId, runId, taskId, tryNumber, mapIndex).catch((e) => ({ sources: [], lines: [e.message] })),
  ]);
  const suffix = mapIndex >= 0 ? `?map_index=${mapIndex}` : '';
  const tries = Array.from({ length: Math.max(ti.tryNumber, 1) }, (_, i) => i + 1);
  main.innerHTML = `<h1><a href="#/dags/${enc(dagId)}">${esc(dagId)}</a> › <span class="mono">${esc(taskId)}</span>${mapIndex >= 0 ? ` <span class="mono" data-testid="map-index">[${mapIndex}]</span>` : ''}</h1>
    <p>${state(ti.state)} <span class="mono">${esc(runId)}</span> · ${esc(ti.operator ?? '')} · try ${tryNumber} of ${ti.maxTries + 1}
    ${tries.length > 1 ? ` · attempts: ${tries.map((n) => `<a href="#/dags/${enc(dagId)}/runs/${enc(runId)}/tasks/${enc(taskId)}/logs/${n}${suffix}">${n}</a>`).join(' ')}` : ''}</p>
    ${log.sources.length ? `<details class="sources"><summary>Log message source details</summary><pre class="mono">${log.sources.map(esc).join('\n')}</pre></details>` : ''}
    <pre class="log" data-testid="log">${esc(log.lines.join('\n'))}</pre>`;
  refreshWhile(ACTIVE.includes(ti.state) && Number(tryNumber) >= ti.tryNumber);
}

/** Makes sure the page may call the API: on Airflow 3 a token, from the sign-in form. */
async function ensureSession(reason) {
  await detectGeneration();
  if (session.generation !== 'v2' || session.token) return;
  await loginPage(reason ?? sessionStorage.getItem(ADDRESS_LOGIN_ERROR) ?? undefined);
  sessionStorage.removeItem(ADDRESS_LOGIN_ERROR);
}

const ADDRESS_LOGIN_ERROR = 'mwaa-agent-address-login-error';

/**
 * Opened with credentials in the address: use them (3.x: sign in for a token; 2.x: the browser already sent them
 * as basic auth and keeps them), then reload at the address without them, so they are neither shown nor put into
 * any request the page makes.
 */
async function useAddressCredentials() {
  if ((await detectGeneration()) === 'v2') {
    try {
      await login(addressCredentials.username, addressCredentials.password);
    } catch (e) {
      sessionStorage.setItem(ADDRESS_LOGIN_ERROR, e.message);
    }
  }
  location.replace(addressWithoutCredentials);
}

async function route(reason) {
  clearTimeout(refreshTimer);
  document.querySelector('details.menu')?.removeAttribute('open');
  try {
    await ensureSession(reason);
    const hash = location.hash || '#/dags';
    const [path, query] = hash.slice(1).split('?');
    const q = new URLSearchParams(query);
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    document.querySelectorAll('[data-nav]').forEach((a) => a.classList.toggle('active', a.dataset.nav === parts[0]));
    document
      .querySelector('details.menu > summary')
      ?.classList.toggle('active', ['connections', 'variables'].includes(parts[0]));
    await Promise.all([showBanner(), showEnv()]);
    if (parts[0] === 'dags' && parts.length === 1) await dagsPage();
    else if (parts[0] === 'dags' && parts.length === 2) await dagPage(parts[1], q, refreshWhile);
    else if (parts[0] === 'dags' && parts[2] === 'runs')
      await logPage(parts[1], parts[3], parts[5], Number(parts[7] ?? 1), Number(q.get('map_index') ?? -1));
    else if (parts[0] === 'connections' && parts[1] === 'new') await connectionForm(null);
    else if (parts[0] === 'connections' && parts[2] === 'edit') await connectionForm(parts[1]);
    else if (parts[0] === 'connections') await connectionsPage();
    else if (parts[0] === 'variables') await variablesPage();
    else if (parts[0] === 'requirements') await requirementsPage();
    else main.innerHTML = '<p>Not found. <a href="#/dags">DAGs</a></p>';
  } catch (e) {
    if (e instanceof LoginRequired) return route(e.message === 'Token Expired' ? 'Your session expired.' : undefined);
    if (e instanceof Starting) {
      main.innerHTML = `<div class="msg" data-testid="starting">${esc(e.message)}</div>`;
      refreshTimer = setTimeout(() => route(reason), e.seconds * 1000);
      return;
    }
    main.innerHTML = `<div class="msg err">${esc(e.message)}</div>`;
  }
}

window.addEventListener('hashchange', () => route());
document.addEventListener('click', (ev) => {
  const menu = document.querySelector('details.menu');
  if (menu && !menu.contains(ev.target)) menu.removeAttribute('open');
});
if (addressCredentials) useAddressCredentials();
else route();
