/** The JSON type of a value, as a differential test compares it. */
export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * Where two JSON values differ in shape: keys only one side has, values of another JSON type, arrays where one
 * side is empty. Paths look like `$.dag_runs[0].logical_date`; each difference reads
 * `<path>: <real type> ≠ <agent type>` or `<path>: only in <side>`. Arrays are compared element by element up to
 * the shorter one.
 */
export function shapeDifferences(real: unknown, agent: unknown, path = '$'): string[] {
  const [a, b] = [jsonType(real), jsonType(agent)];
  if (a !== b) return [`${path}: ${a} ≠ ${b}`];
  if (a === 'array') {
    const [x, y] = [real as unknown[], agent as unknown[]];
    if ((x.length === 0) !== (y.length === 0)) return [`${path}: ${x.length} items ≠ ${y.length} items`];
    return x.slice(0, y.length).flatMap((v, i) => shapeDifferences(v, y[i], `${path}[${i}]`));
  }
  if (a !== 'object') return [];
  const [x, y] = [real as Record<string, unknown>, agent as Record<string, unknown>];
  const out: string[] = [];
  for (const k of Object.keys(x)) {
    if (!(k in y)) out.push(`${path}.${k}: only in airflow`);
    else out.push(...shapeDifferences(x[k], y[k], `${path}.${k}`));
  }
  for (const k of Object.keys(y)) if (!(k in x)) out.push(`${path}.${k}: only in agent`);
  return out;
}

/** The values at a path with `[*]` wildcards: `tasks[*].task_id`, `dag_runs[0].state`, `detail`. */
export function valuesAt(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const part of path.match(/[^.[\]]+|\[\*\]|\[\d+\]/g) ?? []) {
    current = current.flatMap((v) => {
      if (part === '[*]') return Array.isArray(v) ? v : [];
      const index = /^\[(\d+)\]$/.exec(part);
      if (index) return Array.isArray(v) ? [v[Number(index[1])]] : [];
      return v !== null && typeof v === 'object' ? [(v as Record<string, unknown>)[part]] : [undefined];
    });
  }
  return current;
}
