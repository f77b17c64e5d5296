// Admin → Variables, and the Requirements page (the verdict the agent applies to requirements.txt).
import { agentStatus } from './airflow-api.js';
import { api, enc, esc, main, state } from './lib.js';

export async function variablesPage() {
  const { variables } = await api('/variables?limit=100');
  main.innerHTML = `<h1>List Variable</h1>
    <form class="stack toolbar inline" id="var-form"><input name="key" placeholder="Key" required><input name="value" placeholder="Val" required><input name="description" placeholder="Description"><button>Save</button></form>
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

/** Where the Airflow version of the environment came from, in words. */
export function versionSource(r) {
  switch (r.constraints?.source) {
    case 'url':
      return 'the constraints URL in requirements.txt';
    case 'path':
      return 'the constraints file named in requirements.txt';
    case 'default':
      return "MWAA's default constraints (requirements.txt names none)";
    default:
      return 'the default (no requirements.txt)';
  }
}

export async function requirementsPage() {
  const { requirements: r, mirror } = await agentStatus();
  const names = r.connectionTypeNames ?? {};
  main.innerHTML = `<h1>Requirements</h1>
    <p data-testid="verdict">${r.ok ? '<span class="state success">installable</span>' : '<span class="state failed">not installable</span>'}
      Airflow <b>${esc(r.airflowVersion)}</b> · Python <b>${esc(r.pythonVersion)}</b> · from ${esc(versionSource(r))}${r.constraints?.resolved ? `: <span class="mono">${esc(r.constraints.resolved)}</span>` : ''}</p>
    <h2>Diagnostics</h2>${r.diagnostics.length ? `<table><tbody>${r.diagnostics.map((d) => `<tr><td class="mono">${esc(d.file)}:${esc(d.line ?? '')}</td><td>${state(d.severity === 'error' ? 'failed' : 'up_for_retry').replace(/>[^<]*</, `>${esc(d.severity)}<`)}</td><td>${esc(d.message)}</td></tr>`).join('')}</tbody></table>` : '<p class="muted">None.</p>'}
    <h2>Providers</h2><p class="mono">${r.providers.map(esc).join('<br>') || '—'}</p>
    <h2>Connection types</h2><p>${r.connectionTypes.map((t) => `${esc(names[t] ?? t)} <span class="mono muted">${esc(t)}</span>${r.runnableConnectionTypes.includes(t) ? '' : ' <span class="muted">(not runnable here)</span>'}`).join(', ')}</p>
    <h2>Mirror</h2><pre class="log">${esc(JSON.stringify(mirror, null, 2))}</pre>`;
}
