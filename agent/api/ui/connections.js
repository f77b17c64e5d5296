// Admin → Connections: the list, and the add/edit form whose Connection Type lists only what requirements.txt enables.
import { agentStatus, connectionTestsEnabled } from './airflow-api.js';
import { api, enc, esc, main } from './lib.js';

export async function connectionsPage() {
  const [{ connections }, { requirements }] = await Promise.all([api('/connections?limit=100'), agentStatus()]);
  const names = requirements.connectionTypeNames ?? {};
  main.innerHTML = `<h1>List Connection</h1><div class="toolbar"><a class="button" href="#/connections/new" data-testid="add-connection">+ Add a new record</a></div>
    <table data-testid="connections"><thead><tr><th>Conn Id</th><th>Conn Type</th><th>Description</th><th>Host</th><th>Port</th><th>Actions</th></tr></thead><tbody>
    ${
      connections
        .map(
          (
            c,
          ) => `<tr data-conn="${esc(c.connection_id)}"><td class="mono">${esc(c.connection_id)}</td><td title="${esc(c.conn_type)}">${esc(names[c.conn_type] ?? c.conn_type)}</td><td>${esc(c.description)}</td><td>${esc(c.host)}</td><td>${esc(c.port)}</td>
      <td><a href="#/connections/${enc(c.connection_id)}/edit">Edit</a> · <a href="#" data-action="delete">Delete</a></td></tr>`,
        )
        .join('') || '<tr><td colspan="6" class="muted">No records found</td></tr>'
    }
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

export async function connectionForm(editId) {
  const status = await agentStatus();
  // Airflow's names for the types the requirements install (and the three it always offers), sorted by name.
  const names = status.requirements.connectionTypeNames ?? {};
  const label = (t) => names[t] ?? t;
  const types = [...new Set(['email', 'fs', 'generic', ...status.requirements.connectionTypes])].sort((a, b) =>
    label(a).localeCompare(label(b)),
  );
  const current = editId ? await api(`/connections/${enc(editId)}`) : {};
  const sshMissing = !types.includes('ssh');
  main.innerHTML = `<h1>${editId ? 'Edit' : 'Add'} Connection</h1>
    ${sshMissing ? `<div class="note" data-testid="ssh-missing"><b>Note</b>: If the <b>SSH</b> connection type is not available in the list, Amazon MWAA hasn't installed the required <code>apache-airflow-providers-ssh</code> package. Update your <code>requirements.txt</code> file to include this package, then try again.</div>` : ''}
    <form class="stack two-col" id="conn-form">
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
      <div class="actions"><button type="submit" id="save">Save</button>${connectionTestsEnabled() ? '<button type="button" class="secondary" id="test">Test</button>' : ''}<a href="#/connections">Cancel</a></div>
    </form>`;
  const form = document.getElementById('conn-form');
  const relabel = () => {
    const ssh = form.conn_type.value === 'ssh';
    document.getElementById('login-label').textContent = ssh ? 'Username' : 'Login';
    form.querySelectorAll('.schema').forEach((el) => (el.style.display = ssh ? 'none' : ''));
  };
  form.conn_type.addEventListener('change', relabel);
  relabel();
  // On edit, an emptied field clears the stored value (null), the password stays unless typed again, and an
  // unchanged extra is not sent: the API shows sensitive extras as ***, and saving those back would lose them.
  const body = () => {
    const f = new FormData(form);
    const b = {};
    for (const k of ['connection_id', 'conn_type', 'description', 'host', 'schema', 'login', 'password', 'extra']) {
      const v = f.get(k);
      if (v !== null && v !== '') b[k] = v;
      else if (editId && k !== 'password' && v === '') b[k] = null;
    }
    if (f.get('port')) b.port = Number(f.get('port'));
    else if (editId) b.port = null;
    if (editId && (b.extra ?? null) === (current.extra ?? null)) delete b.extra;
    if (form.conn_type.value === 'ssh') delete b.schema;
    // Airflow's form stores the hidden/empty Schema as '' (the guide's log shows "Schema: ,"), not None.
    if (!editId && b.schema === undefined) b.schema = '';
    return b;
  };
  const msg = (ok, text) =>
    (document.getElementById('form-msg').innerHTML =
      `<div class="msg ${ok ? 'ok' : 'err'}" data-testid="form-msg">${esc(text)}</div>`);
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
  document.getElementById('test')?.addEventListener('click', async () => {
    try {
      const b = body();
      if (editId && b.extra === undefined) b.extra = current.extra;
      const r = await api('/connections/test', { method: 'POST', body: JSON.stringify(b) });
      msg(r.status, r.message);
    } catch (e) {
      msg(false, e.message);
    }
  });
}
