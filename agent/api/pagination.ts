import { badRequest } from './problem.js';

export interface Page {
  limit: number;
  offset: number;
  orderBy: string | null;
  descending: boolean;
}

const MAX_LIMIT = 100;

/** Airflow's `limit` (default 100, capped by maximum_page_limit=100), `offset` and `order_by` (`-` reverses). */
export function parsePage(q: Record<string, unknown>, allowedOrder: readonly string[], defaultOrder: string): Page {
  // Airflow's texts: connexion's type and minimum checks, then api_connexion.parameters.check_limit.
  const int = (name: string, def: number): number => {
    const raw = q[name];
    if (raw === undefined) return def;
    const n = typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(n)) throw badRequest(`Wrong type, expected 'integer' for query parameter '${name}'`);
    return n;
  };
  const rawLimit = int('limit', MAX_LIMIT);
  if (rawLimit < 0) throw badRequest('Page limit must be a positive integer');
  const limit = Math.min(rawLimit, MAX_LIMIT);
  const offset = int('offset', 0);
  if (offset < 0) throw badRequest(`${offset} is less than the minimum of 0`);
  const raw = typeof q.order_by === 'string' ? q.order_by : defaultOrder;
  const descending = raw.startsWith('-');
  const field = descending ? raw.slice(1) : raw;
  if (!allowedOrder.includes(field)) {
    throw badRequest(`Ordering with '${field}' is disallowed or the attribute does not exist on the model`);
  }
  return { limit: limit === 0 ? MAX_LIMIT : limit, offset, orderBy: field, descending };
}

/** Sorts by a field (each item's key read once) and slices one page. */
export function paginate<T>(items: T[], page: Page, key: (item: T) => unknown): { items: T[]; total: number } {
  const keyed = items.map((item) => ({ item, k: key(item) as string | number | null }));
  keyed.sort(({ k: x }, { k: y }) => {
    const c = x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
    return page.descending ? -c : c;
  });
  return { items: keyed.slice(page.offset, page.offset + page.limit).map((e) => e.item), total: items.length };
}
