import type { DagImportError, DagSpec } from '../agent/dags/dag-model.js';
import type { DagSource } from '../agent/dags/dag-source.js';

/** A DagSource over a fixed list the test can change. */
export class StaticDagSource implements DagSource {
  constructor(
    public dags: DagSpec[],
    public errors: DagImportError[] = [],
  ) {}
  list(): DagSpec[] {
    return this.dags;
  }
  get(dagId: string): DagSpec | undefined {
    return this.dags.find((d) => d.dagId === dagId);
  }
  importErrors(): DagImportError[] {
    return this.errors;
  }
  hasImportErrors(dagId: string): boolean {
    const dag = this.get(dagId);
    return !!dag && this.errors.some((e) => e.filename === dag.relativeFileloc);
  }
}
