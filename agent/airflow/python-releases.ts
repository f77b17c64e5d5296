/**
 * Facts of the CPython versions MWAA runs Airflow on, as DAG-file import errors show them. Observed with
 * Debian 12's 3.11.2 and CPython 3.12.1 (test/fixtures/python/generate.py); other patch releases are assumed
 * alike.
 */
export interface PythonFacts {
  /**
   * The frozen importlib frames above a DAG file's own in a traceback: where `source_to_code` compiles it (a
   * SyntaxError) and `_call_with_frames_removed` runs it.
   */
  sourceToCodeLine: number;
  callWithFramesRemovedLine: number;
  /** CPython's own SyntaxError messages ("Perhaps you forgot a comma?", "'(' was never closed", …) are known. */
  detailedSyntaxErrors: boolean;
}

const PYTHON_RELEASES: Readonly<Record<string, PythonFacts>> = {
  '3.11': { sourceToCodeLine: 1004, callWithFramesRemovedLine: 241, detailedSyntaxErrors: true },
  '3.12': { sourceToCodeLine: 1058, callWithFramesRemovedLine: 488, detailedSyntaxErrors: true },
};

/** The facts of `python` (`3.11`, `3.12.1`), or null for a version whose tracebacks are not reproduced. */
export function pythonFacts(python: string): PythonFacts | null {
  const minor = python.split('.').slice(0, 2).join('.');
  return PYTHON_RELEASES[minor] ?? null;
}
