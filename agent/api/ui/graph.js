// A DAG's structure: tasks in dependency order and a left-to-right graph (SVG), from the parsed tasks alone.
import { esc } from './lib.js';

/**
 * Tasks in dependency order (Kahn's algorithm): a task comes after every task upstream of it; among tasks that
 * are ready together, by task id. Tasks on a cycle (a DAG Airflow would refuse) come last.
 */
export function topologicalOrder(tasks) {
  const byId = new Map(tasks.map((t) => [t.taskId, t]));
  const indegree = new Map(tasks.map((t) => [t.taskId, 0]));
  for (const t of tasks) for (const d of t.downstream) if (byId.has(d)) indegree.set(d, indegree.get(d) + 1);
  const ready = tasks.filter((t) => indegree.get(t.taskId) === 0).map((t) => t.taskId);
  const out = [];
  while (ready.length) {
    ready.sort();
    const id = ready.shift();
    out.push(byId.get(id));
    for (const d of byId.get(id).downstream) {
      if (!byId.has(d)) continue;
      indegree.set(d, indegree.get(d) - 1);
      if (indegree.get(d) === 0) ready.push(d);
    }
  }
  return [...out, ...tasks.filter((t) => !out.includes(t))];
}

/** Each task's column: the length of the longest upstream path to it. */
function layers(ordered) {
  const layer = new Map();
  for (const t of ordered) layer.set(t.taskId, layer.get(t.taskId) ?? 0);
  for (const t of ordered)
    for (const d of t.downstream) if (layer.has(d)) layer.set(d, Math.max(layer.get(d), layer.get(t.taskId) + 1));
  return layer;
}

const W = 170;
const H = 44;
const GAP_X = 70;
const GAP_Y = 22;

/**
 * The graph as SVG: one column per layer, left to right as Airflow draws it; in a column, tasks are placed by
 * the mean row of their upstream tasks to keep edges short. `states` (task id → state) colours the nodes.
 */
export function graphSvg(tasks, states = new Map()) {
  const ordered = topologicalOrder(tasks);
  const layer = layers(ordered);
  const columns = [];
  for (const t of ordered) (columns[layer.get(t.taskId)] ??= []).push(t);
  const row = new Map();
  const upstream = new Map(ordered.map((t) => [t.taskId, []]));
  for (const t of ordered) for (const d of t.downstream) upstream.get(d)?.push(t.taskId);
  for (const column of columns) {
    const mean = (t) => {
      const rows = upstream.get(t.taskId).map((u) => row.get(u));
      return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : 0;
    };
    column.sort((a, b) => mean(a) - mean(b)).forEach((t, i) => row.set(t.taskId, i));
  }
  const pos = (id) => ({ x: 10 + layer.get(id) * (W + GAP_X), y: 10 + row.get(id) * (H + GAP_Y) });
  const width = 20 + columns.length * (W + GAP_X) - GAP_X;
  const height = 20 + Math.max(1, ...columns.map((c) => c.length)) * (H + GAP_Y) - GAP_Y;
  const edges = ordered.flatMap((t) =>
    t.downstream
      .filter((d) => layer.has(d))
      .map((d) => {
        const a = pos(t.taskId);
        const b = pos(d);
        const [x1, y1, x2, y2] = [a.x + W, a.y + H / 2, b.x, b.y + H / 2];
        const mid = (x1 + x2) / 2;
        return `<path class="edge" data-edge="${esc(t.taskId)}>${esc(d)}" d="M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}" marker-end="url(#arrow)"/>`;
      }),
  );
  const nodes = ordered.map((t) => {
    const { x, y } = pos(t.taskId);
    const s = states.get(t.taskId) ?? 'none';
    return `<g class="node" data-task="${esc(t.taskId)}" data-state="${esc(s)}" transform="translate(${x},${y})">
      <rect width="${W}" height="${H}" rx="6" class="node-box state-${esc(s)}"/>
      <text x="10" y="18" class="node-id">${esc(t.taskId)}</text>
      <text x="10" y="34" class="node-op">${esc(t.operator)}</text></g>`;
  });
  return `<svg class="graph" data-testid="graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="DAG graph">
    <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="arrow"/></marker></defs>
    ${edges.join('')}${nodes.join('')}</svg>`;
}
