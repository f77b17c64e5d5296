import type { DagSpec } from '../dags/dag-model.js';
import type { DagScheduleInfo } from './api-deps.js';

/** What fastify sends with an object, for the answers written as text. */
export const JSON_TYPE = 'application/json; charset=utf-8';

interface Entry {
  key: string;
  schedule: DagScheduleInfo;
  text: string;
}

/**
 * Each DAG's JSON text as a list or detail answer serialises it, kept while the DAG's spec (a re-parse makes a new
 * one), its schedule (the same object while the schedule cache holds it) and `key` (what else the JSON reads: the
 * stored row's fields, the paused default) are unchanged. Keyed weakly by the spec, so dropped DAGs free theirs.
 */
export class DagJsonCache {
  #entries = new WeakMap<DagSpec, Entry>();

  text(dag: DagSpec, key: string, schedule: DagScheduleInfo, build: () => unknown): string {
    const cached = this.#entries.get(dag);
    if (cached && cached.key === key && cached.schedule === schedule) return cached.text;
    const text = JSON.stringify(build());
    this.#entries.set(dag, { key, schedule, text });
    return text;
  }
}

/** A list answer (`{"dags": […], "total_entries": n}`) from the DAGs' JSON texts, as JSON.stringify would write it. */
export function dagListText(texts: readonly string[], total: number): string {
  return `{"dags":[${texts.join(',')}],"total_entries":${total}}`;
}
