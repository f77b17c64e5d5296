// A DAG: its tasks (grid, in dependency order, before any run too), its graph, its code, and its runs.
import { getDag, listRuns, listTaskInstances, listTasks, readSource, setPaused, triggerRun } from './airflow-api.js';
import { graphSvg, topologicalOrder } from './graph.js';
import { enc, esc, main, shortWhen, state, when } from './lib.js';

export const ACTIVE = ['queued', 'running', 'scheduled', 'up_for_retry', 'restarting', 'deferred', null, undefined];

/** The state a mapped task shows in a grid cell: the most pressing of its instances', as Airflow's grid does. */
const PRIORITY = ['failed', 'upstream_failed', 'up_for_retry', 'running', 'queued', 'scheduled', 'skipped', 'success'];
function summaryState(tis) {
  for (const s of PRIORITY) if (tis.some((t) => t.state === s)) return s;
  return tis[0]?.state ?? null;
}

export function triggerDialog(dagId) {
  const dialog = document.getElementById('dialog');
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
      await setPaused(dagId, false);
      const run = await triggerRun(dagId, conf);
      dialog.close();
      location.hash = `#/dags/${enc(dagId)}?run=${enc(run.runId)}`;
    } catch (e) {
      document.getElementById('dialog-msg').innerHTML = `<div class="msg err">${esc(e.message)}</div>`;
    }
  };
  dialog.showModal();
}

function logHref(dagId, runId, taskId, tryNumber, mapIndex) {
  const base = `#/dags/${enc(dagId)}/runs/${enc(runId)}/tasks/${enc(taskId)}/logs/${Math.max(tryNumber ?? 0, 1)}`;
  return mapIndex >= 0 ? `${base}?map_index=${mapIndex}` : base;
}

/** One grid cell: a task's instance in a run, or for a mapped task a summary with the count of its instances. */
function cell(dagId, run, taskId, tis) {
  const mine = tis.filter((t) => t.taskId === taskId);
  const mapped = mine.filter((t) => t.mapIndex >= 0).sort((a, b) => a.mapIndex - b.mapIndex);
  if (mapped.length) {
    const s = summaryState(mapped) ?? 'none';
    const title = mapped.map((t) => `[${t.mapIndex}] ${t.state ?? 'no status'}`).join('\n');
    const links = mapped
      .map(
        (t) =>
          `<a class="map-index" data-map-index="${t.mapIndex}" data-state="${esc(t.state ?? 'none')}" href="${logHref(dagId, run.runId, taskId, t.tryNumber, t.mapIndex)}">${t.mapIndex}</a>`,
      )
      .join('');
    return `<td class="cell mapped" data-mapped="${mapped.length}"><span class="sq state-${esc(s)}" title="${esc(`${taskId} · ${run.runId}\n${title}`)}" data-state="${esc(s)}">${mapped.length}</span><div class="map-list">${links}</div></td>`;
  }
  const ti = mine[0];
  const s = ti?.state ?? 'none';
  return `<td class="cell"><a class="sq state-${esc(s)}" title="${esc(`${taskId} · ${run.runId} · ${s}`)}" data-state="${esc(s)}" href="${logHref(dagId, run.runId, taskId, ti?.tryNumber)}"></a></td>`;
}

function gridHtml(dagId, tasks, runs, tisByRun) {
  const cols = [...runs].reverse();
  const head = cols
    .map(
      (r) =>
        `<th class="run" title="${esc(r.runId)} · ${esc(r.state)}"><span class="bar state-${esc(r.state)}" data-state="${esc(r.state)}"></span>${esc(shortWhen(r.when))}</th>`,
    )
    .join('');
  const rows = tasks
    .map(
      (t) =>
        `<tr data-task="${esc(t.taskId)}"><td class="mono task">${esc(t.taskId)} <span class="muted op">${esc(t.operator)}</span></td>${cols.map((r) => cell(dagId, r, t.taskId, tisByRun[r.runId])).join('')}</tr>`,
    )
    .join('');
  return `<table class="grid" data-testid="grid"><thead><tr><th>Task</th>${head}</tr></thead><tbody>${rows}</tbody></table>
    ${runs.length ? '' : '<p class="muted" data-testid="no-runs">No runs yet: trigger the DAG.</p>'}`;
}

function codeHtml(source) {
  const lines = source.replace(/\n$/, '').split('\n');
  return `<pre class="code" data-testid="code">${lines.map((l, i) => `<span class="ln">${i + 1}</span>${esc(l)}`).join('\n')}</pre>`;
}

const TABS = ['grid', 'graph', 'code'];

export async function dagPage(dagId, query, refreshWhile) {
  const tab = TABS.includes(query.get('tab')) ? query.get('tab') : 'grid';
  const selectedRun = query.get('run');
  const [dag, tasks, runs] = await Promise.all([getDag(dagId), listTasks(dagId), listRuns(dagId, 25)]);
  const ordered = topologicalOrder(tasks);
  const tisByRun = Object.fromEntries(
    await Promise.all(runs.map(async (r) => [r.runId, await listTaskInstances(dagId, r.runId)])),
  );
  let body;
  if (tab === 'graph') {
    const run = runs.find((r) => r.runId === selectedRun) ?? runs[0];
    const states = new Map((run ? tisByRun[run.runId] : []).map((t) => [t.taskId, t.state ?? 'none']));
    body = `<p class="muted">${run ? `States of run <span class="mono">${esc(run.runId)}</span>` : 'Not run yet'}</p><div class="graph-wrap">${graphSvg(tasks, states)}</div>`;
  } else if (tab === 'code') {
    body = codeHtml(await readSource(dag));
  } else {
    body = gridHtml(dagId, ordered, runs, tisByRun);
  }
  const tabLink = (t) =>
    `<a href="#/dags/${enc(dagId)}?tab=${t}" data-tab="${t}" class="tab${t === tab ? ' active' : ''}">${t[0].toUpperCase()}${t.slice(1)}</a>`;
  main.innerHTML = `<h1>${esc(dagId)} <span class="muted">${dag.isPaused ? '(paused)' : ''}</span></h1>
    <div class="toolbar"><button data-action="trigger">Trigger DAG</button><span class="muted">Schedule: <span class="mono">${esc(dag.schedule)}</span> · ${esc(dag.fileloc)}</span></div>
    <nav class="tabs">${TABS.map(tabLink).join('')}</nav>
    ${body}
    <h2>Runs</h2><table data-testid="runs"><thead><tr><th>Run</th><th>State</th><th>Logical date</th><th>Start</th><th>End</th></tr></thead><tbody>
    ${runs.map((r) => `<tr class="${r.runId === selectedRun ? 'selected' : ''}"><td class="mono">${esc(r.runId)}</td><td>${state(r.state)}</td><td>${esc(when(r.logicalDate)) || '<span class="muted">none</span>'}</td><td>${esc(when(r.startDate))}</td><td>${esc(when(r.endDate))}</td></tr>`).join('') || '<tr><td colspan="5" class="muted">No runs yet.</td></tr>'}</tbody></table>`;
  main.querySelector('[data-action=trigger]').addEventListener('click', () => triggerDialog(dagId));
  refreshWhile(runs.some((r) => ACTIVE.includes(r.state)));
}
