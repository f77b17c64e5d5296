// mwaa-agent web UI: a small hash-routed page over the REST API (/api/v1). No build step.
const main = document.getElementById('main');
const banner = document.getElementById('banner');
const dialog = document.getElementById('dialog');

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const enc = encodeURIComponent;
const state = (s) => `<span class="state ${esc(s ?? 'none')}" data-state="${esc(s ?? 'none')}">${esc(s ?? 'no status')}</span>`;
const when = (iso) => (iso ? new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '');

async function api(path, opts = {}) {
  const res = await fetch('/api/v1' + path, { ...opts, headers: { 'content-type': 'application/json', ...(opts.headers ?? {}) } });
  if (res.status === 204) return null;
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  if (!res.ok) throw new Error(body?.detail ?? body?.title ?? String(body));
  return body;
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
      ? errs.map((e) => `<p class="banner" data-testid="broken-dag">Broken DAG: [${esc(e.filename)}] ${esc(e.stack_trace)}</p>`).join('')
      : '';
  } catch {
    banner.innerHTML = '';
  }
}

async function dagsPage() {
  const [{ dags }, version] = await Promise.all([api('/dags'), api('/version')]);
  document.getElementById('env').textContent = `Airflow ${version.version} profile · mwaa-agent ${version.mwaa_agent_version}`;
  const rows = await Promise.all(
    dags.map(async (d) => {
      const { dag_runs: runs } = await api(`/dags/${enc(d.dag_id)}/dagRuns?order_by=-execution_date&limit=1`);
      return { d, last: runs[0] };
    }),
  );
  main.innerHTML = `<h1>DAGs</h1>
    <table data-testid="dags"><thead><tr><th></th><th>DAG</th><th>Schedule</th><th>Next run</th><th>Last run</th><th>Actions</th></tr></thead><tbody>
    ${rows
      .map(
        ({ d, last }) => `<tr data-dag="${esc(d.dag_id)}">
        <td><input type="checkbox" class="switch" title="${d.is_paused ? 'Paused: click to unpause' : 'Active: click to pause'}" data-action="toggle" ${d.is_paused ? '' : 'checked'} aria-label="pause toggle"></td>
        <td><a href="#/dags/${enc(d.dag_id)}">${esc(d.dag_id)}</a>${d.tags.map((t) => ` <span class="muted">#${esc(t.name)}</span>`).join('')}</td>
        <td class="mono">${esc(scheduleText(d.schedule_interval))}</td>
        <td>${esc(when(d.next_dagrun_create_after) || '—')}</td>
        <td>${last ? `${state(last.state)} <span class="muted">${esc(when(last.logical_date))}</span>` : '<span class="muted">—</span>'}</td>
        <td><button data-action="trigger">Trigger</button></td></tr>`,
      )
      .join('') || '<tr><td colspan="6" class="muted">No DAGs in the DAG folder yet.</td></tr>'}
    </tbody></table>`;
  main.querySelectorAll('[data-action=toggle]').forEach((el) =>
    el.addEventListener('change', async () => {
      const id = el.closest('tr').dataset.dag;
      await api(`/dags/${enc(id)}?update_mask=is_paused`, { method: 'PATCH', body: JSON.stringify({ is_paused: !el.checked }) });
    }),
  );
  main.querySelectorAll('[data-action=trigger]').forEach((el) => el.addEventListener('click', () => triggerDialog(el.closest('tr').dataset.dag)));
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
      await api(`/dags/${enc(dagId)}?update_mask=is_paused`, { method: 'PATCH', body: JSON.stringify({ is_paused: false }) });
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
    await Promise.all(runs.map(async (r) => [r.dag_run_id, (await api(`/dags/${enc(dagId)}/dagRuns/${enc(r.dag_run_id)}/taskInstances`)).task_instances])),
  );
  const taskIds = [...new Set(Object.values(tisByRun).flat().map((t) => t.task_id))].sort();
  const cols = [...runs].reverse();
  main.innerHTML = `<h1>${esc(dagId)} <span class="muted">${dag.is_paused ? '(paused)' : ''}</span></h1>
    <div class="toolbar"><button data-action="trigger">Trigger DAG</button><span class="muted">Schedule: <span class="mono">${esc(scheduleText(dag.schedule_interval))}</span> · ${esc(dag.fileloc)}</span></div>
    <h2>Grid</h2>
    ${runs.length ? `<table class="grid" data-testid="grid"><thead><tr><th>Task</th>${cols.map((r) => `<th class="run" title="${esc(r.dag_run_id)}">${state(r.state)} ${esc(r.dag_run_id)}</th>`).join('')}</tr></thead><tbody>
    ${taskIds
      .map(
        (t) => `<tr><td class="mono">${esc(t)}</td>${cols
          .map((r) => {
            const ti = tisByRun[r.dag_run_id].find((x) => x.task_id === t);
            const s = ti?.state ?? 'none';
            const tries = Math.max(ti?.try_number ?? 0, 1);
            return `<td class="cell"><a class="sq" style="background: var(--${esc(s)})" title="${esc(t)} · ${esc(r.dag_run_id)} · ${esc(s)}" data-state="${esc(s)}"
              href="#/dags/${enc(dagId)}/runs/${enc(r.dag_run_id)}/tasks/${enc(t)}/logs/${tries}"></a></td>`;
          })
          .join('')}</tr>`,
      )
      .join('')}</tbody></table>` : '<p class="muted">No runs yet: trigger the DAG.</p>'}
    <h2>Runs</h2><table><thead><tr><th>Run</th><th>State</th><th>Logical date</th><th>Start</th><th>End</th></tr></thead><tbody>
    ${runs.map((r) => `<tr${r.dag_run_id === selectedRun ? ' style="background:#eef6ff"' : ''}><td class="mono">${esc(r.dag_run_id)}</td><td>${state(r.state)}</td><td>${esc(when(r.logical_date))}</td><td>${esc(when(r.start_date))}</td><td>${esc(when(r.end_date))}</td></tr>`).join('')}</tbody></table>`;
  main.querySelector('[data-action=trigger]').addEventListener('click', () => triggerDialog(dagId));
}

async function logPage(dagId, runId, taskId, tryNumber) {
  const ti = await api(`/dags/${enc(dagId)}/dagRuns/${enc(runId)}/taskInstances/${enc(taskId)}`);
  const res = await fetch(`/api/v1/dags/${enc(dagId)}/dagRuns/${enc(runId)}/taskInstances/${enc(taskId)}/logs/${tryNumber}`, { headers: { accept: 'text/plain' } });
  const text = await res.text();
  const tries = Array.from({ length: Math.max(ti.try_number, 1) }, (_, i) => i + 1);
  main.innerHTML = `<h1><a href="#/dags/${enc(dagId)}">${esc(dagId)}</a> › <span class="mono">${esc(taskId)}</span></h1>
    <p>${state(ti.state)} <span class="mono">${esc(runId)}</span> · ${ti.operator ? esc(ti.operator) : ''} · try ${tryNumber} of ${ti.max_tries + 1}
    ${tries.length > 1 ? ' · attempts: ' + tries.map((n) => `<a href="#/dags/${enc(dagId)}/runs/${enc(runId)}/tasks/${enc(taskId)}/logs/${n}">${n}</a>`).join(' ') : ''}</p>
    <pre class="log" data-testid="log">${esc(res.ok ? text : JSON.parse(text).detail)}</pre>`;
}

async function connectionsPage() {
  const { connections } = await api('/connections');
  main.innerHTML = `<h1>List Connection</h1><div class="toolbar"><a class="button" href="#/connections/new" data-testid="add-connection">+ Add a new record</a></div>
    <table data-testid="connections"><thead><tr><th>Conn Id</th><th>Conn Type</th><th>Description</th><th>Host</th><th>Port</th><th>Actions</th></tr></thead><tbody>
    ${connections.map((c) => `<tr data-conn="${esc(c.connection_id)}"><td class="mono">${esc(c.connection_id)}</td><td>${esc(c.conn_type)}</td><td>${esc(c.description)}</td><td>${esc(c.host)}</td><td>${esc(c.port)}</td>
      <td><a href="#/connections/${enc(c.connection_id)}/edit">Edit</a> · <a href="#" data-action="delete">Delete</a></td></tr>`).join('') || '<tr><td colspan="6" class="muted">No records found</td></tr>'}
    </tbody></table><p class="muted">Connections from AIRFLOW_CONN_* environment variables are used by tasks but not listed, as in Airflow.</p>`;
  main.querySelectorAll('[data-action=delete]').forEach((el) =>
    el.addEventListener('click', async (ev) => {
      ev.preventDefault();
      const id = el.closest('tr').dataset.conn;
      if (!confirm(`Delete connection ${id}?`)) return;
      await api(`/connections/${enc(id)}`, { method: 'DELETE' });
      connectionsPage();
    }),
  );
}

const TYPE_LABELS = { ssh: 'SSH', http: 'HTTP', aws: 'Amazon Web Services', postgres: 'Postgres', mysql: 'MySQL', sftp: 'SFTP', generic: 'Generic', fs: 'File (path)', email: 'Email' };
const label = (t) => TYPE_LABELS[t] ?? t;

async function connectionForm(editId) {
  const status = await api('/mwaa-agent/status');
  const types = [...new Set(['email', 'fs', 'generic', ...status.requirements.connectionTypes])].sort((a, b) => label(a).localeCompare(label(b)));
  const current = editId ? await api(`/connections/${enc(editId)}`) : {};
  const sshMissing = !types.includes('ssh');
  main.innerHTML = `<h1>${editId ? 'Edit' : 'Add'} Connection</h1>
    ${sshMissing ? `<div class="note" data-testid="ssh-missing">If the <b>SSH</b> connection type is not available in the list, the required <code>apache-airflow-providers-ssh</code> package is not installed. Update your <code>requirements.txt</code> file to include this package, then try again.</div>` : ''}
    <form class="stack" id="conn-form">
      <label for="connection_id">Connection Id</label><input id="connection_id" name="connection_id" required value="${esc(current.connection_id)}" ${editId ? 'readonly' : ''}>
      <label for="conn_type">Connection Type</label><select id="conn_type" name="conn_type" required>
        <option value="">Select a connection type</option>${types.map((t) => `<option value="${esc(t)}" ${current.conn_type === t ? 'selected' : ''}>${esc(label(t))}</option>`).join('')}</select>
      <label for="description">Description</label><textarea id="description" name="description" style="min-height:40px">${esc(current.description)}</textarea>
      <label for="host">Host</label><input id="host" name="host" value="${esc(current.host)}">
      <label for="schema" class="schema">Schema</label><input id="schema" name="schema" class="schema" value="${esc(current.schema)}">
      <label for="login" id="login-label">Login</label><input id="login" name="login" value="${esc(current.login)}">
      <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="new-password" placeholder="${editId ? '(unchanged)' : ''}">
      <label for="port">Port</label><input id="port" name="port" type="number" value="${esc(current.port)}">
      <label for="extra">Extra</label><textarea id="extra" name="extra" placeholder='{ "key_file": "/usr/local/airflow/dags/your-secret-key.pem" }'>${esc(current.extra)}</textarea>
      <div id="form-msg"></div>
      <div class="actions"><button type="submit" id="save">Save</button><button type="button" class="secondary" id="test">Test</button><a href="#/connections">Cancel</a></div>
    </form>`;
  const form = document.getElementById('conn-form');
  const relabel = () => {
    const ssh = form.conn_type.value === 'ssh';
    document.getElementById('login-label').textContent = ssh ? 'Username' : 'Login';
    form.querySelectorAll('.schema').forEach((el) => (el.style.display = ssh ? 'none' : ''));
  };
  form.conn_type.addEventListener('change', relabel);
  relabel();
  const body = () => {
    const f = new FormData(form);
    const b = {};
    for (const k of ['connection_id', 'conn_type', 'description', 'host', 'schema', 'login', 'password', 'extra']) {
      const v = f.get(k);
      if (v !== null && v !== '') b[k] = v;
    }
    if (f.get('port')) b.port = Number(f.get('port'));
    if (editId && !b.password) delete b.password;
    return b;
  };
  const msg = (ok, text) => (document.getElementById('form-msg').innerHTML = `<div class="msg ${ok ? 'ok' : 'err'}" data-testid="form-msg">${esc(text)}</div>`);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      if (editId) await api(`/connections/${enc(editId)}`, { method: 'PATCH', body: JSON.stringify(body()) });
      else await api('/connections', { method: 'POST', body: JSON.stringify(body()) });
      location.hash = '#/connections';
    } catch (e) {
      msg(false, e.message);
    }
  });
  document.getElementById('test').addEventListener('click', async () => {
    try {
      const b = body();
      if (editId && !b.password) b.connection_id = editId;
      const r = await api('/connections/test', { method: 'POST', body: JSON.stringify(b) });
      msg(r.status, r.message);
    } catch (e) {
      msg(false, e.message);
    }
  });
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
      await api('/variables', { method: 'POST', body: JSON.stringify({ key: f.get('key'), value: f.get('value'), description: f.get('description') || null }) });
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

async function route() {
  const hash = location.hash || '#/dags';
  const [path, query] = hash.slice(1).split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  document.querySelectorAll('[data-nav]').forEach((a) => a.classList.toggle('active', a.dataset.nav === parts[0]));
  await showBanner();
  try {
    if (parts[0] === 'dags' && parts.length === 1) await dagsPage();
    else if (parts[0] === 'dags' && parts.length === 2) await dagPage(parts[1], new URLSearchParams(query).get('run'));
    else if (parts[0] === 'dags' && parts[2] === 'runs') await logPage(parts[1], parts[3], parts[5], Number(parts[7] ?? 1));
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
route();
