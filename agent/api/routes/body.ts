import { badRequest } from '../problem.js';

/** Deeper values could not be stored: serialising them would exhaust the stack (a 500 instead of a 400). */
const MAX_DEPTH = 100;

/** Nesting depth of a parsed JSON value, without recursion (the value may be deeper than the stack). */
function depth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d > max) max = d;
    if (max > MAX_DEPTH) return max;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

/** A JSON object body, with marshmallow-style errors for unknown fields and wrong types, as Airflow returns them. */
export function objectBody(
  body: unknown,
  allowed: Record<string, 'string' | 'boolean' | 'object' | 'string?' | 'object?' | 'number?'>,
): Record<string, unknown> {
  if (body === undefined || body === null) body = {};
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest(`{'_schema': ['Invalid input type.']}`);
  const errors: string[] = [];
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    // Own keys only: `constructor` or `__proto__` in a body is an unknown field, not Object's own property.
    const kind = Object.hasOwn(allowed, k) ? allowed[k] : undefined;
    if (!kind) {
      errors.push(`'${k}': ['Unknown field.']`);
      continue;
    }
    const base = kind.replace('?', '');
    if (v === null && kind.endsWith('?')) continue;
    const ok = base === 'object' ? typeof v === 'object' && v !== null && !Array.isArray(v) : typeof v === base;
    if (!ok)
      errors.push(
        `'${k}': ['Not a valid ${base === 'object' ? 'mapping type' : base === 'number' ? 'integer' : base}.']`,
      );
    else if (base === 'object' && depth(v) > MAX_DEPTH)
      errors.push(`'${k}': ['Nested more than ${MAX_DEPTH} levels deep.']`);
  }
  if (errors.length) throw badRequest(`{${errors.join(', ')}}`);
  return body as Record<string, unknown>;
}
