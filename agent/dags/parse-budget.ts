import type { Node } from 'web-tree-sitter';

/**
 * What one DAG file may cost the agent. Airflow bounds only time (`[core] dagbag_import_timeout`); the agent
 * reads files in its own process, so size and task count are bounded too. Nesting is bounded where CPython
 * itself stops, with CPython's errors.
 */
export interface ParseLimits {
  /** Airflow's `dagbag_import_timeout` (30 s): reading one file may take this long. */
  timeoutMs: number;
  /** Larger files are not read (tree-sitter would hold the agent for seconds per 10 MB). */
  maxFileBytes: number;
  /** Tasks one file may define, over all its DAGs. */
  maxTasks: number;
}

export const DEFAULT_PARSE_LIMITS: Readonly<ParseLimits> = {
  timeoutMs: 30_000,
  maxFileBytes: 10 * 1024 * 1024,
  maxTasks: 10_000,
};

/** CPython's tokenizer `MAXLEVEL`: a 201st open bracket is "too many nested parentheses". */
const MAX_BRACKET_LEVEL = 200;
/** CPython 3.11 gives up compiling expressions nested ~3,000 deep (RecursionError during compilation). */
const MAX_EXPRESSION_DEPTH = 2_990;
/** The clock is read once per this many evaluation steps. */
const CLOCK_EVERY = 1024;

/** A limit was hit: reported as the file's import error `<pyType>: <pyMessage>`, like a Python exception. */
export class BudgetExceeded extends Error {
  constructor(
    readonly pyType: string,
    readonly pyMessage: string,
    readonly node: Node | null,
  ) {
    super(`${pyType}: ${pyMessage}`);
    this.name = 'BudgetExceeded';
  }
}

/** Airflow's timeout text for a file (models/dagbag.py), so users find Airflow's advice. */
export function importTimeoutMessage(absolutePath: string, timeoutMs: number): string {
  const seconds = timeoutMs / 1000;
  const docs = 'https://airflow.apache.org/docs/apache-airflow/stable/best-practices.html';
  return (
    `DagBag import timeout for ${absolutePath} after ${Number.isInteger(seconds) ? seconds.toFixed(1) : seconds}s.\n` +
    'Please take a look at these docs to improve your DAG import time:\n' +
    `* ${docs}#top-level-python-code\n` +
    `* ${docs}#reducing-dag-complexity`
  );
}

/**
 * The evaluator's clock: {@link tick} is called for every node evaluated, and throws Airflow's import
 * timeout once the file has taken longer than allowed.
 */
export class ParseBudget {
  readonly #deadline: number;
  readonly #path: string;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  #steps = 0;

  constructor(absolutePath: string, timeoutMs: number, now: () => number = () => performance.now()) {
    this.#path = absolutePath;
    this.#timeoutMs = timeoutMs;
    this.#now = now;
    this.#deadline = now() + timeoutMs;
  }

  tick(node: Node): void {
    if (++this.#steps % CLOCK_EVERY !== 0 || this.#now() <= this.#deadline) return;
    throw new BudgetExceeded('AirflowTaskTimeout', importTimeoutMessage(this.#path, this.#timeoutMs), node);
  }
}

/**
 * CPython's nesting limits, checked on the tree before anything is evaluated: more than 200 open brackets
 * is the tokenizer's `SyntaxError: too many nested parentheses`; expressions nested about 3,000 deep are
 * the compiler's `RecursionError`. One iterative walk, so a 10,000-deep file cannot exhaust the stack here.
 */
export function nestingError(root: Node, fileName: string): BudgetExceeded | null {
  const cursor = root.walk();
  try {
    let level = 0;
    let depth = 0;
    const namedParents: boolean[] = [];
    for (;;) {
      if (depth > MAX_EXPRESSION_DEPTH)
        return new BudgetExceeded(
          'RecursionError',
          'maximum recursion depth exceeded during compilation',
          cursor.currentNode,
        );
      const named = cursor.nodeIsNamed;
      if (cursor.gotoFirstChild()) {
        namedParents.push(named);
        if (named) depth++;
        continue;
      }
      const type = cursor.nodeType;
      if (type === '(' || type === '[' || type === '{') {
        if (++level > MAX_BRACKET_LEVEL)
          return new BudgetExceeded(
            'SyntaxError',
            `too many nested parentheses (${fileName}, line ${cursor.startPosition.row + 1})`,
            cursor.currentNode,
          );
      } else if (type === ')' || type === ']' || type === '}') level = Math.max(0, level - 1);
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return null;
        if (namedParents.pop()) depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** The import error of a file over the size limit. */
export function tooLargeMessage(relativePath: string, bytes: number, max: number): string {
  return `${relativePath} is ${bytes} bytes, more than the ${max} bytes mwaa-agent reads of one DAG file (--max-dag-file-bytes)`;
}
