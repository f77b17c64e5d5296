import { createHash } from 'node:crypto';
import { apiDate } from '../api-date.js';

/**
 * A stored date as Airflow 3's API writes it (pydantic's datetime serialisation): UTC with `Z`, six fraction
 * digits or none (`2024-01-01T00:00:00Z`, `2026-12-07T13:21:11.687451Z`).
 */
export function rfc3339(value: string | null | undefined): string | null {
  const d = apiDate(value);
  return d === null ? null : d.replace(/\+00:00$/, 'Z');
}

/**
 * A stable UUID (RFC 4122 layout, version 5 bits) for rows the agent keys by name where Airflow 3 keys by UUID
 * (task instance tries, DAG versions): the same inputs always give the same id.
 */
export function stableUuid(...parts: (string | number)[]): string {
  const h = createHash('sha1').update(parts.join('\u0000')).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
