import type { DagSource } from '../dags/dag-source.js';
import type { RunStore } from '../runs/run-store.js';
import { storedDate } from '../runs/stored-date.js';

/**
 * Brings the store's DAG records in line with the parsed DAGs, as Airflow's `DAG.bulk_write_to_db` and
 * `update_import_errors` do: new DAGs start paused unless `is_paused_upon_creation=False` or
 * `dags_are_paused_at_creation=False` (applied only when the record is first created); DAGs of a file
 * with import errors keep their record, flagged `has_import_errors`, and are not deactivated; DAGs no
 * longer defined anywhere become inactive.
 */
export function reconcileDags(store: RunStore, dags: DagSource, now: Date, dagsArePausedAtCreation: boolean): void {
  const parsedAt = storedDate(now);
  const brokenFiles = new Set(dags.importErrors().map((e) => e.filename));
  const active = new Set<string>();
  for (const dag of dags.list()) {
    active.add(dag.dagId);
    store.upsertDag({
      dagId: dag.dagId,
      relativeFileloc: dag.relativeFileloc,
      pausedUponCreation: dag.isPausedUponCreation ?? dagsArePausedAtCreation,
      hasImportErrors: dags.hasImportErrors(dag.dagId) || brokenFiles.has(dag.relativeFileloc),
      parsedAt,
    });
  }
  for (const record of store.listDags()) if (brokenFiles.has(record.relativeFileloc)) active.add(record.dagId);
  for (const file of brokenFiles) store.setImportErrorsForFile(file, true);
  store.deactivateMissing([...active]);
}
