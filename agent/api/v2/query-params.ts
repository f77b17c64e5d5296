import { type FieldType, validateField } from './pydantic-fields.js';
import { badRequest, HttpError, RequestValidationError, type ValidationItem } from './validation-error.js';

/** `[api] fallback_page_limit` and `maximum_page_limit` of Airflow 3. */
export const FALLBACK_PAGE_LIMIT = 50;
export const MAXIMUM_PAGE_LIMIT = 100;
const MAX_SORT_PARAMS = 10;

type RawQuery = Record<string, string | string[] | undefined>;

/**
 * Reads query parameters as FastAPI does: each one validated on its own with pydantic's rules (a repeated
 * scalar parameter takes its last value; a list parameter is repeated, `?tags=a&tags=b`), unknown ones ignored,
 * every error collected and answered together by {@link QueryReader.done}.
 */
export class QueryReader {
  readonly #raw: RawQuery;
  readonly #loc: 'query' | 'path';
  readonly #errors: ValidationItem[] = [];

  /** `where` is the location FastAPI names in errors: query parameters, or path parameters read the same way. */
  constructor(raw: unknown, where: 'query' | 'path' = 'query') {
    this.#raw = (raw ?? {}) as RawQuery;
    this.#loc = where;
  }

  #read(name: string, type: FieldType): unknown {
    const raw = this.#raw[name];
    if (raw === undefined) return undefined;
    const value = Array.isArray(raw) ? raw.at(-1) : raw;
    const r = validateField(type, value, [this.#loc, name]);
    if (r.ok) return r.value;
    this.#errors.push(...r.errors);
    return undefined;
  }

  int(name: string, def: number, bounds: { ge?: number; gt?: number } = {}): number {
    return (this.#read(name, { kind: 'int', ...bounds }) as number | undefined) ?? def;
  }

  bool(name: string): boolean | undefined {
    return this.#read(name, { kind: 'bool' }) as boolean | undefined;
  }

  str(name: string): string | undefined {
    return this.#read(name, { kind: 'str' }) as string | undefined;
  }

  /** An aware datetime as epoch milliseconds. */
  datetime(name: string): number | undefined {
    const v = this.#read(name, { kind: 'datetime', aware: false }) as { date: Date } | undefined;
    return v?.date.getTime();
  }

  list(name: string): string[] {
    const raw = this.#raw[name];
    return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  }

  /**
   * A list filter of enum values, read as Airflow's `_transform_*_states` do: `none` means no state (null), and
   * an unknown value is a 422 whose detail is a sentence (`Invalid value for <what>. Valid values are …`).
   */
  states(name: string, values: readonly string[], what = 'state'): (string | null)[] {
    const raw = this.list(name);
    if (raw.some((v) => v !== 'none' && !values.includes(v)))
      throw new HttpError(422, `Invalid value for ${what}. Valid values are ${values.join(', ')}`);
    return raw.map((v) => (v === 'none' ? null : v));
  }

  /** `limit` (default 50, at most 100) and `offset`. */
  page(): { limit: number; offset: number } {
    const limit = this.int('limit', FALLBACK_PAGE_LIMIT, { ge: 0 });
    const offset = this.int('offset', 0, { ge: 0 });
    return { limit: Math.min(limit, MAXIMUM_PAGE_LIMIT), offset };
  }

  /** Throws the collected 422 errors, if any. */
  done(): void {
    if (this.#errors.length) throw new RequestValidationError(this.#errors);
  }
}

/** One key of `order_by`: a response field, `-` for descending. */
export interface SortKey {
  field: string;
  descending: boolean;
}

/**
 * Airflow 3's `order_by` (a list, up to 10 keys; a disallowed name is a 400 with Airflow's text). The primary
 * key is appended when missing, in the direction of the first key, as Airflow's SortParam does.
 */
export function readOrderBy(
  q: QueryReader,
  allowed: readonly string[],
  primaryKey: string,
  defaultOrder: string = primaryKey,
): SortKey[] {
  const raw = q.list('order_by');
  const values = raw.length ? raw : [defaultOrder];
  if (values.length > MAX_SORT_PARAMS) {
    throw badRequest(
      `Ordering with more than ${MAX_SORT_PARAMS} parameters is not allowed. Provided: [${values.map((v) => `'${v}'`).join(', ')}]`,
    );
  }
  const keys = values.map((v) => {
    const field = v.replace(/^-+/, '');
    if (!allowed.includes(field))
      throw badRequest(`Ordering with '${field}' is disallowed or the attribute does not exist on the model`);
    return { field, descending: v.startsWith('-') };
  });
  if (!keys.some((k) => k.field === primaryKey)) keys.push({ field: primaryKey, descending: keys[0]!.descending });
  return keys;
}

/** Sorts by the keys (nulls first ascending, as SQLite orders them; each value read once) and slices one page. */
export function sortAndPage<T>(
  items: readonly T[],
  keys: readonly SortKey[],
  value: (item: T, field: string) => unknown,
  page: { limit: number; offset: number },
): { items: T[]; total: number } {
  const keyed = items.map((item) => ({ item, values: keys.map(({ field }) => value(item, field)) }));
  keyed.sort((a, b) => {
    for (const [i, { descending }] of keys.entries()) {
      const c = compare(a.values[i], b.values[i]);
      if (c !== 0) return descending ? -c : c;
    }
    return 0;
  });
  return { items: keyed.slice(page.offset, page.offset + page.limit).map((e) => e.item), total: items.length };
}

function compare(x: unknown, y: unknown): number {
  if (x === y) return 0;
  if (x === null || x === undefined) return -1;
  if (y === null || y === undefined) return 1;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'boolean' && typeof y === 'boolean') return Number(x) - Number(y);
  const [a, b] = [String(x), String(y)];
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `dag_id_pattern` and friends: a case-insensitive substring match, `|` between alternatives, `~` for all. */
export function matchesPattern(value: string, pattern: string | undefined): boolean {
  if (pattern === undefined || pattern === '~') return true;
  const v = value.toLowerCase();
  return pattern.split('|').some((p) => v.includes(p.toLowerCase()));
}
