import type { DagFileFacts } from '../airflow/airflow-facts.js';
import type { DagImportError, DagParseResult, DagSpec, DagWarning } from './dag-model.js';

/** The outcome of one file, kept per file so a registry can re-parse files one at a time. */
export interface FileParseResult extends DagParseResult {
  relativePath: string;
}

/**
 * Merges per-file results in sorted relative-path order. A dag_id defined by two files: on Airflow 2 (one
 * DagBag for the folder) the later file's copy is an import error (DagBag's message) instead of Airflow's
 * silent flip-flop; on Airflow 3 (each file in its own bag) neither file has an error and the later file's
 * DAG is kept, with a warning on the earlier file.
 */
export function mergeFileResults(
  results: FileParseResult[],
  duplicates: DagFileFacts['duplicateDagIds'] = 'import-error',
): DagParseResult {
  const sorted = [...results].sort((a, b) =>
    a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0,
  );
  const owner = new Map<string, DagSpec>();
  const importErrors: DagImportError[] = [];
  const warnings: DagWarning[] = [];
  for (const r of sorted) {
    importErrors.push(...r.importErrors);
    warnings.push(...(r.warnings ?? []));
    for (const dag of r.dags) {
      const prev = owner.get(dag.dagId);
      if (prev && duplicates === 'each-file-alone') {
        warnings.push({
          filename: prev.relativeFileloc,
          line: prev.line,
          category: 'mwaa-agent',
          message: `DAG ${dag.dagId} is also defined in ${r.relativePath}: Airflow 3 parses each file on its own and the DAG of the file parsed last replaces the other; mwaa-agent keeps ${r.relativePath}'s`,
        });
        owner.set(dag.dagId, dag);
        continue;
      }
      if (prev) {
        importErrors.push({
          filename: r.relativePath,
          line: dag.line,
          column: null,
          message: `AirflowDagDuplicatedIdException: Ignoring DAG ${dag.dagId} from ${r.relativePath} - also found in ${prev.relativeFileloc}`,
        });
        continue;
      }
      owner.set(dag.dagId, dag);
    }
  }
  const dags = [...owner.values()].sort((a, b) => (a.dagId < b.dagId ? -1 : a.dagId > b.dagId ? 1 : 0));
  return warnings.length ? { dags, importErrors, warnings } : { dags, importErrors };
}
