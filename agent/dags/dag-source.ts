import type { DagImportError, DagSpec } from './dag-model.js';

/** Read access to the current set of parsed DAGs (implemented by the DAG registry). */
export interface DagSource {
  list(): DagSpec[];
  get(dagId: string): DagSpec | undefined;
  importErrors(): DagImportError[];
  /** True when the file that defines `dagId` currently has an import error (Airflow 2.3+ `has_import_errors`). */
  hasImportErrors(dagId: string): boolean;
}
