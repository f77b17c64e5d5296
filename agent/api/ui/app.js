// mwaa-agent web UI: a small hash-routed page over the REST API (/api/v1). No build step.
import { connectionForm, connectionsPage } from './connections.js';
import { api, enc, esc, main, shortWhen, state, when } from './lib.js';

const banner = document.getElementById('banner');
const dialog = document.getElementById('dialog');
const ACTIVE = ['queued', 'running', 'scheduled', 'up_for_retry', 'restarting', null, undefined];
let refreshTimer = null;

/** Re-renders the current page in a moment while something on it is still moving (as Airflow's grid auto-refreshes). */
function refreshWhile(active) {
  if (!active) return;
  const hash = location.hash;
  refreshTimer = setTimeout(() => location.hash === hash && route(), 1500);
}

function scheduleText(s) {
  if (s === null || s === undefined) return 'None';
  if (s.__type === 'CronExpression') return s.value;
  if (s.__type === 'TimeDelta') return `every ${s.days ? s.days + 'd ' : ''}${s.seconds}s`;
  return JSON.stringify(s);
}

async function showBanner() {
  try {
    const { import_errors: errs } = await api('/importErrors');
    banner.innerHTML = errs.length
      ? errs
          .map(
            (e) =>
              `<p class="banner" data-testid="broken-dag">Broken DAG: [${esc(e.filename)}] ${esc(e.stack_trace)}</p>`,
          )
          .join('')
      : '';
  } catch {
    banner.innerHTML = '';
  }
}

async function dagsPage() {
  const { dags } = await api('/dags');
  const rows = await Promise.all(
    dags.map(async (d) => {
      const { dag_runs: runs } = await api(`/dags/${enc(d.dag_id)}/dagRuns?order_by=-execution_date&limit=1`);
      return { d, last: runs[0] };
    }),
  );
  main.innerHTML = `<h1>DAGs</h1>
    <table data-testid="dags"><thead><tr><th class="col-toggle" title="Pause/Unpause DAG"></th><th>DAG</th><th>Schedule</th><th>Next run</th><th>Last run</th><th>Actions</th></tr></thead><tbody>
    ${
      rows
        .map(
          ({ d, last }) => `<tr data-dag="${esc(d.dag_id)}">
        <td><input type="checkbox" class="switch" title="${d.is_paused ? 'Paused: click to unpause' : 'Active: click to pause'}" data-action="toggle" ${d.is_paused ? '' : 'checked'} aria-label="pause toggle"></td>
        <td><a href="#/dags/${enc(d.dag_id)}">${esc(d.dag_id)}</a>${d.tags.map((t) => ` <span class="muted">#${esc(t.name)}</span>`).join('')}</td>
        <td class="mono">${esc(scheduleText(d.schedule_interval))}</td>
        <td>${esc(when(d.next_dagrun_create_after) || '—')}</td>
        <td>${last ? `${state(last.state)} <span class="muted">${esc(when(last.logical_date))}</span>` : '<span class="muted">—</span>'}</td>
        <td><button data-action="trigger">Trigger</button></td></tr>`,
        )
        .join('') || '<tr><td colspan="6" class="muted">No DAGs in the DAG folder yet.</td></tr>'
    }
    </tbody></table>`;
  main.querySelectorAll('[data-action=toggle]').forEach((el) =>
    el.addEventListener('change', async () => {
      const id = el.closest('tr').dataset.dag;
      await api(`/dags/${enc(id)}?update_mask=is_paused`, {
        method: 'PATCH',
        body: JSON.stringify({ is_paused: !el.checked }),
      });
    }),
  );
  main
    .querySelectorAll('[data-action=trigger]')
    .forEach((el) => el.addEventListener('click', () => triggerDialog(el.closest('tr').dataset.dag)));
  refreshWhile(rows.some(({ last }) => last && ACTIVE.includes(last.state)));
}

function triggerDialog(dagId) {
  const form = document.getElementById('dialog-form');
  form.className = 'stack';
  form.innerHTML = `<h2>Trigger DAG ${esc(dagId)}</h2>
    <label for="conf">Configuration JSON (optional)</label><textarea id="conf" name="conf">{}</textarea>
    <p class="muted">Like Airflow's UI, triggering unpauses the DAG.</p><div id="dialog-msg"></div>
    <div class="actions"><button value="trigger" id="do-trigger">Trigger</button><button value="cancel" class="secondary" formnovalidate>Cancel</button></div>`;
  form.onsubmit = async (ev) => {
    if (ev.submitter?.value !== 'trigger') return;
    ev.preventDefault();
    try {
      const conf = JSON.parse(form.conf.value || '{}');
      await api(`/dags/${enc(dagId)}?update_mask=is_paused`, {
        method: 'PATCH',
        body: JSON.stringify({ is_paused: false }),
      });
      const run = await api(`/dags/${enc(dagId)}/dagRuns`, { method: 'POST', body: JSON.stringify({ conf }) });
      dialog.close();
      location.hash = `#/dags/${enc(dagId)}?run=${enc(run.dag_run_id)}`;
    } catch (e) {
      document.getElementById('dialog-msg').innerHTML = `<div class="msg err">${esc(e.message)}</div>`;
    }
  };
  dialog.showModal();
}

async function dagPage(dagId, selectedRun) {
  const dag = await api(`/dags/${enc(dagId)}`);
  const { dag_runs: runs } = await api(`/dags/${enc(dagId)}/dagRuns?order_by=-execution_date&limit=25`);
  const tisByRun = Object.fromEntries(
    await Promise.all(
      runs.map(async (r) => [
        r.dag_run_id,
        (await api(`/dags/${enc(dagId)}/dagRuns/${enc(r.dag_run_id)}/taskInstances`)).task_instances,
      ]),
    ),
  );
  const taskIds = [
    ...new Set(
      Object.values(tisByRun)
        .flat()
        .map((t) => t.task_id),
    ),
  ].sort();
  const cols = [...runs].reverse();
  main.innerHTML = `<h1>${esc(dagId)} <span class="muted">${dag.is_paused ? '(paused)' : ''}</span></h1>
    <div class="toolbar"><button data-action="trigger">Trigger DAG</button><span class="muted">Schedule: <span class="mono">${esc(scheduleText(dag.schedule_interval))}</span> · ${esc(dag.fileloc)}</span></div>
    <h2>Grid</h2>
    ${
      runs.length
        ? `<table class="grid" data-testid="grid"><thead><tr><th>Task</th>${cols.map((r) => `<th class="run" title="${esc(r.dag_run_id)} · ${esc(r.state)}"><span class="bar" data-state="${esc(r.state)}" style="background: var(--${esc(r.state)})"></span>${esc(shortWhen(r.logical_date))}</th>`).join('')}</tr></thead><tbody>
    ${taskIds
      .map(
        (t) =>
          `<tr><td class="mono task">${esc(t)}</td>${cols
            .map((r) => {
              const ti = tisByRun[r.dag_run_id].find((x) => x.task_id === t);
              const s = ti?.state ?? 'none';
              const tries = Math.max(ti?.try_number ?? 0, 1);
              return `<td class="cell"><a class="sq" style="background: var(--${esc(s)})" title="${esc(t)} · ${esc(r.dag_run_id)} · ${esc(s)}" data-state="${esc(s)}"
              href="#/dags/${enc(dagId)}/runs/${enc(r.dag_run_id)}/tasks/${enc(t)}/logs/${tries}"></a></td>`;
            })
            .join('')}</tr>`,
      )
      .join('')}</tbody></table>`
        : '<p class="muted">No runs yet: trigger the DAG.</p>'
    }
    <h2>Runs</h2><table><thead><tr><th>Run</th><th>State</th><th>Logical date</th><th>Start</th><th>End</th></tr></thead><tbody>
    ${runs.map((r) => `<tr${r.dag_run_id === selectedRun ? ' style="background:#eef6ff"' : ''}><td class="mono">${esc(r.dag_run_id)}</td><td>${state(r.state)}</td><td>${esc(when(r.logical_date))}</td><td>${esc(when(r.start_date))}</td><td>${esc(when(r.end_date))}</td></tr>`).join('')}</tbody></table>`;
  main.querySelector('[data-action=trigger]').addEventListener('click', () => triggerDialog(dagId));
  refreshWhile(runs.some((r) => ACTIVE.includes(r.state)));
}

async function logPage(dagId, runId, taskId, tryNumber) {
  const ti = await api(`/dags/${enc(dagId)}/dagRuns/${enc(runId)}/taskInstances/${enc(taskId)}`);
  const res = await fetch(
    `/api/v1/dags/${enc(dagId)}/dagRuns/${enc(runId)}/taskInstances/${enc(taskId)}/logs/${tryNumber}`,
    { headers: { accept: 'text/plain' } },
  );
  const text = await res.text();
  const tries = Array.from({ length: Math.max(ti.try_number, 1) }, (_, i) => i + 1);
  main.innerHTML = `<h1><a href="#/dags/${enc(dagId)}">${esc(dagId)}</a> › <span class="mono">${esc(taskId)}</span></h1>
    <p>${state(ti.state)} <span class="mono">${esc(runId)}</span> · ${ti.operator ? esc(ti.operator) : ''} · try ${tryNumber} of ${ti.max_tries + 1}
    ${tries.length > 1 ? ' · attempts: ' + tries.map((n) => `<a href="#/dags/${enc(dagId)}/runs/${enc(runId)}/tasks/${enc(taskId)}/logs/${n}">${n}</a>`).join(' ') : ''}</p>
    <pre class="log" data-testid="log">${esc(res.ok ? text : JSON.parse(text).detail)}</pre>`;
  refreshWhile(ACTIVE.includes(ti.state) && Number(tryNumber) >= ti.try_number);
}

async function variablesPage() {
  const { variables } = await api('/variables');
  main.innerHTML = `<h1>List Variable</h1>
    <form class="stack toolbar" id="var-form"><input name="key" placeholder="Key" required style="max-width:220px"><input name="value" placeholder="Val" required style="max-width:320px"><input name="description" placeholder="Description" style="max-width:260px"><button>Save</button></form>
    <div id="var-msg"></div>
    <table data-testid="variables"><thead><tr><th>Key</th><th>Val</th><th>Description</th><th></th></tr></thead><tbody>
    ${variables.map((v) => `<tr data-key="${esc(v.key)}"><td class="mono">${esc(v.key)}</td><td class="mono">${esc(v.value)}</td><td>${esc(v.description)}</td><td><a href="#" data-action="delete">Delete</a></td></tr>`).join('') || '<tr><td colspan="4" class="muted">No records found</td></tr>'}
    </tbody></table>`;
  document.getElementById('var-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    try {
      await api('/variables', {
        method: 'POST',
        body: JSON.stringify({ key: f.get('key'), value: f.get('value'), description: f.get('description') || null }),
      });
      variablesPage();
    } catch (e) {
      document.getElementById('var-msg').innerHTML = `<div class="msg err">${esc(e.message)}</div>`;
    }
  });
  main.querySelectorAll('[data-action=delete]').forEach((el) =>
    el.addEventListener('click', async (ev) => {
      ev.preventDefault();
      await api(`/variables/${enc(el.closest('tr').dataset.key)}`, { method: 'DELETE' });
      variablesPage();
    }),
  );
}

async function requirementsPage() {
  const { requirements: r, mirror } = await api('/mwaa-agent/status');
  main.innerHTML = `<h1>Requirements</h1>
    <p data-testid="verdict">${r.ok ? '<span class="state success">installable</span>' : '<span class="state failed">not installable</span>'}
      Airflow <b>${esc(r.airflowVersion)}</b> · Python <b>${esc(r.pythonVersion)}</b> · constraints: <span class="mono">${esc(r.constraints?.resolved ?? r.constraints?.source)}</span></p>
    <h2>Diagnostics</h2>${r.diagnostics.length ? `<table><tbody>${r.diagnostics.map((d) => `<tr><td class="mono">${esc(d.file)}:${esc(d.line ?? '')}</td><td>${state(d.severity === 'error' ? 'failed' : 'up_for_retry').replace(/>[^<]*</, `>${esc(d.severity)}<`)}</td><td>${esc(d.message)}</td></tr>`).join('')}</tbody></table>` : '<p class="muted">None.</p>'}
    <h2>Providers</h2><p class="mono">${r.providers.map(esc).join('<br>') || '—'}</p>
    <h2>Connection types</h2><p>${r.connectionTypes.map((t) => `<span class="mono">${esc(t)}</span>${r.runnableConnectionTypes.includes(t) ? '' : ' <span class="muted">(not runnable here)</span>'}`).join(', ')}</p>
    <h2>Mirror</h2><pre class="log">${esc(JSON.stringify(mirror, null, 2))}</pre>`;
}

async function showEnv() {
  const env = document.getElementById('env');
  if (env.textContent) return;
  try {
    const v = await api('/version');
    env.textContent = `Airflow ${v.version} profile · mwaa-agent ${v.mwaa_agent_version}`;
  } catch {
    env.textContent = '';
  }
}

async function route() {
  clearTimeout(refreshTimer);
  document.querySelector('details.menu')?.removeAttribute('open');
  const hash = location.hash || '#/dags';
  const [path, query] = hash.slice(1).split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  document.querySelectorAll('[data-nav]').forEach((a) => a.classList.toggle('active', a.dataset.nav === parts[0]));
  document
    .querySelector('details.menu > summary')
    ?.classList.toggle('active', ['connections', 'variables'].includes(parts[0]));
  await Promise.all([showBanner(), showEnv()]);
  try {
    if (parts[0] === 'dags' && parts.length === 1) await dagsPage();
    else if (parts[0] === 'dags' && parts.length === 2) await dagPage(parts[1], new URLSearchParams(query).get('run'));
    else if (parts[0] === 'dags' && parts[2] === 'runs')
      await logPage(parts[1], parts[3], parts[5], Number(parts[7] ?? 1));
    else if (parts[0] === 'connections' && parts[1] === 'new') await connectionForm(null);
    else if (parts[0] === 'connections' && parts[2] === 'edit') await connectionForm(parts[1]);
    else if (parts[0] === 'connections') await connectionsPage();
    else if (parts[0] === 'variables') await variablesPage();
    else if (parts[0] === 'requirements') await requirementsPage();
    else main.innerHTML = '<p>Not found. <a href="#/dags">DAGs</a></p>';
  } catch (e) {
    main.innerHTML = `<div class="msg err">${esc(e.message)}</div>`;
  }
}

window.addEventListener('hashchange', route);
document.addEventListener('click', (ev) => {
  const menu = document.querySelector('details.menu');
  if (menu && !menu.contains(ev.target)) menu.removeAttribute('open');
});
route();
