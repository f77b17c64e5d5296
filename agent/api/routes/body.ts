import { badRequest } from '../problem.js';

/** A JSON object body, with marshmallow-style errors for unknown fields and wrong types, as Airflow returns them. */
export function objectBody(body: unknown, allowed: Record<string, 'string' | 'boolean' | 'object' | 'string?' | 'object?' | 'number?'>): Record<string, unknown> {
  if (body === undefined || body === null) body = {};
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest(`{'_schema': ['Invalid input type.']}`);
  const errors: string[] = [];
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    const kind = allowed[k];
    if (!kind) {
      errors.push(`'${k}': ['Unknown field.']`);
      continue;
    }
    const base = kind.replace('?', '');
    if (v === null && kind.endsWith('?')) continue;
    const ok = base === 'object' ? typeof v === 'object' && v !== null && !Array.isArray(v) : typeof v === base;
    if (!ok) errors.push(`'${k}': ['Not a valid ${base === 'object' ? 'mapping type' : base === 'number' ? 'integer' : base}.']`);
  }
  if (errors.length) throw badRequest(`{${errors.join(', ')}}`);
  return body as Record<string, unknown>;
}
