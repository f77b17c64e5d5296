import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { HostObject } from '../python/eval/py-value.js';
import type { Node, Tree } from 'web-tree-sitter';
import type { Clock } from '../core/clock.js';
import { CannotEvaluate, RaisedException } from '../python/eval/eval-errors.js';
import { PythonInterpreter } from '../python/eval/interpreter.js';
import { LocalModules } from '../python/eval/local-modules.js';
import { parsePython } from '../python/eval/python-parser.js';
import { indentationProblem } from '../python/indentation.js';
import { AirflowSemantics, type CapturedWarning } from './airflow-semantics.js';
import { DagObject } from './dag-objects.js';
import type { DagImportError, DagParseResult, DagSpec, DagWarning } from './dag-model.js';
import { type DagReading, dagReading } from './dag-reading.js';
import { DagValidationError, buildDagSpec } from './dag-spec-builder.js';
import { MissingVariable, type ParseVariables, VariableNeeded } from './parse-variables.js';
import { pythonFrame, sourceFrame, syntaxErrorLines, tracebackText } from '../python/traceback-text.js';
import { fileSyntaxError } from '../python/syntax-error-wording.js';
import { pythonFacts } from '../airflow/python-releases.js';
import {
  BudgetExceeded,
  DEFAULT_PARSE_LIMITS,
  nestingError,
  ParseBudget,
  type ParseLimits,
  tooLargeMessage,
} from './parse-budget.js';

/** Options shared by {@link parseDagFile} and the folder parser. */
export interface DagParseOptions {
  /** Whether a Python module can be imported (from the requirements verdict). Default: everything can. */
  isModuleAvailable?: (module: string) => boolean;
  /** The parse time `days_ago()` counts from. Default: the system clock. */
  clock?: Pick<Clock, 'now'>;
  /** The emulated Airflow version, whose DAG-file facts apply. Default: MWAA's default version. */
  airflowVersion?: string;
  /** `[scheduler] catchup_by_default` in effect. Default: the emulated version's. */
  catchupByDefault?: boolean;
  /** What one file may cost; default {@link DEFAULT_PARSE_LIMITS}. */
  limits?: Partial<ParseLimits>;
  /** `[core] max_active_runs_per_dag` and `max_active_tasks_per_dag` in effect. Default: the version's. */
  maxActiveRunsPerDag?: number;
  maxActiveTasksPerDag?: number;
  /**
   * Folders on Airflow's `sys.path` whose modules a DAG file may import (the DAG folder, the plugins folder):
   * the reader follows such imports into the module's own code. Default: none.
   */
  modulePaths?: readonly string[];
  /** `[scheduler] create_cron_data_intervals` in effect. Default: the emulated version's. */
  createCronDataIntervals?: boolean;
  /** The Python the environment runs (tracebacks, SyntaxError texts). Default: MWAA's for the version. */
  pythonVersion?: string;
  /** `[core] dagbag_import_error_traceback_depth`. Default 2. */
  tracebackDepth?: number;
  /**
   * What `Variable.get` finds, by key, at this parse. A key without an answer stops the parse with
   * `pendingVariable` set: the caller looks it up (see `readDagFileWithVariables`) and parses again.
   */
  variables?: ParseVariables;
}

/** The reading the options describe. */
export function readingOf(opts: DagParseOptions): DagReading {
  return dagReading(opts.airflowVersion, {
    catchupByDefault: opts.catchupByDefault,
    createCronDataIntervals: opts.createCronDataIntervals,
    maxActiveRunsPerDag: opts.maxActiveRunsPerDag,
    maxActiveTasksPerDag: opts.maxActiveTasksPerDag,
    python: opts.pythonVersion,
    tracebackDepth: opts.tracebackDepth,
  });
}

export interface DagFileInput {
  /** Absolute path (becomes DagSpec.fileloc). */
  absolutePath: string;
  /** Relative to the DAG folder, `/`-separated (messages and import errors use it). */
  relativePath: string;
  source: string;
}

/**
 * Statically evaluates one DAG file. Never throws for a bad file: module-level failures (what Python would
 * raise, or a construct the reader cannot follow) become one import error and no DAGs; DAG-level failures
 * at bag time (cycles, invalid schedules) become an import error while the file's other DAGs are kept.
 */
export async function parseDagFile(input: DagFileInput, opts: DagParseOptions = {}): Promise<DagParseResult> {
  const limits = { ...DEFAULT_PARSE_LIMITS, ...opts.limits };
  const budget = new ParseBudget(input.absolutePath, limits.timeoutMs);
  const bytes = Buffer.byteLength(input.source);
  if (bytes > limits.maxFileBytes)
    return {
      dags: [],
      importErrors: [importError(input, null, tooLargeMessage(input.relativePath, bytes, limits.maxFileBytes))],
    };
  const tree = await parsePython(input.source);
  try {
    const reading = readingOf(opts);
    const syntax = syntaxImportError(input, tree.rootNode, reading);
    if (syntax) return { dags: [], importErrors: [syntax] };
    const nesting = nestingError(tree.rootNode, basename(input.relativePath));
    if (nesting) return { dags: [], importErrors: [moduleError(input, nesting)] };
    const moduleName = `unusual_prefix_${createHash('sha1').update(input.absolutePath).digest('hex')}_${basename(input.relativePath, '.py')}`;
    const nowUs = (opts.clock?.now() ?? new Date()).getTime() * 1000;
    const airflow = new AirflowSemantics({
      isModuleAvailable: opts.isModuleAvailable ?? (() => true),
      nowUs,
      reading,
      variables: opts.variables,
    });
    const py = new PythonInterpreter({
      moduleName,
      fileName: input.absolutePath,
      semantics: airflow,
      nowUs,
      budget,
      localModules: opts.modulePaths?.length ? new LocalModules(opts.modulePaths) : undefined,
      // Python reports a module's compile error at the import, in the importing file.
      checkModule: (root, name, at) => {
        const e = nestingError(root, name);
        return e && new BudgetExceeded(e.pyType, e.pyMessage, at);
      },
    });
    const isGlobal = (obj: HostObject) => [...py.globals.vars.values()].some((v) => v.t === 'object' && v.obj === obj);
    try {
      try {
        py.runModule(tree.rootNode);
      } catch (e) {
        if (e instanceof VariableNeeded) return { dags: [], importErrors: [], pendingVariable: e.key };
        airflow.finish(isGlobal);
        const error = moduleError(input, e, reading, tree);
        return withVariables(withWarnings({ dags: [], importErrors: [error] }, input, airflow.warnings), airflow);
      }
      airflow.finish(isGlobal);
      const dags = registeredDags(airflow.dags, py);
      const tasks = dags.reduce((n, d) => n + d.tasks.size, 0);
      if (tasks > limits.maxTasks)
        return {
          dags: [],
          importErrors: [
            importError(
              input,
              null,
              `${input.relativePath} defines ${tasks} tasks, more than the ${limits.maxTasks} mwaa-agent reads from one DAG file`,
            ),
          ],
        };
      return withVariables(withWarnings(collect(input, dags, reading), input, airflow.warnings), airflow);
    } finally {
      py.dispose();
    }
  } finally {
    tree.delete();
  }
}

/** Airflow 2.4+: DAGs in module globals plus every DAG whose `with` block (or @dag call) completed. */
function registeredDags(all: DagObject[], py: PythonInterpreter): DagObject[] {
  const globals = new Set<DagObject>();
  for (const v of py.globals.vars.values()) if (v.t === 'object' && v.obj instanceof DagObject) globals.add(v.obj);
  return all.filter((d) => d.autoRegistered || globals.has(d));
}

/** The variables the file read, for the registry (a changed answer re-parses the file). */
function withVariables(result: DagParseResult, airflow: AirflowSemantics): DagParseResult {
  return airflow.variableReads.size ? { ...result, variables: Object.fromEntries(airflow.variableReads) } : result;
}

/** The file's captured warnings, in the order Python emitted them (none: no `warnings` field). */
function withWarnings(result: DagParseResult, input: DagFileInput, captured: CapturedWarning[]): DagParseResult {
  if (captured.length === 0) return result;
  const warnings: DagWarning[] = captured.map((w) => ({
    filename: input.relativePath,
    line: w.node ? w.node.startPosition.row + 1 : null,
    category: w.category,
    message: w.message,
  }));
  return { ...result, warnings };
}

function collect(input: DagFileInput, dags: DagObject[], defaults: DagReading): DagParseResult {
  const specs = new Map<string, DagSpec>();
  const importErrors: DagImportError[] = [];
  for (const dag of dags) {
    try {
      specs.set(
        dag.dagId,
        buildDagSpec(dag, { fileloc: input.absolutePath, relativeFileloc: input.relativePath }, defaults),
      );
    } catch (e) {
      if (e instanceof DagValidationError) {
        importErrors.push({
          filename: input.relativePath,
          line: dag.node.startPosition.row + 1,
          column: dag.node.startPosition.column + 1,
          message: e.message,
        });
      } else {
        // A value the spec needs could not be read: the whole file is reported, never a guessed DAG.
        return { dags: [], importErrors: [moduleError(input, e, defaults)] };
      }
    }
  }
  return { dags: [...specs.values()], importErrors };
}

function moduleError(input: DagFileInput, e: unknown, reading?: DagReading, tree?: Tree): DagImportError {
  const failedImport = e instanceof RaisedException && tree && reading ? importStatementOf(e, tree) : null;
  const python = reading && pythonFacts(reading.python);
  if (failedImport && python && reading) {
    // importlib strips its own frames from an ImportError: what stays is the frame that runs the file and
    // the file's import statement.
    const frames = [
      pythonFrame({
        file: '<frozen importlib._bootstrap>',
        line: python.callWithFramesRemovedLine,
        name: '_call_with_frames_removed',
        source: null,
        carets: null,
      }),
      sourceFrame(
        input.absolutePath,
        '<module>',
        input.source.split(/\r\n|\r|\n/),
        failedImport.startPosition,
        failedImport.endPosition,
      ),
    ];
    const error = e as RaisedException;
    const base = importError(
      input,
      failedImport,
      error.hint ? `${error.formatted()}\n${error.hint}` : error.formatted(),
    );
    const stackTrace = tracebackText(frames, reading.tracebackDepth, error.formatted());
    return { ...base, stackTrace: error.hint ? `${stackTrace}${error.hint}\n` : stackTrace };
  }
  if (e instanceof MissingVariable && reading && pythonFacts(reading.python)) {
    const node = e.node!;
    const frame = sourceFrame(
      input.absolutePath,
      enclosingFunction(node),
      input.source.split(/\r\n|\r|\n/),
      node.startPosition,
      node.endPosition,
    );
    const error = importError(input, node, e.hint ? `${e.formatted()}\n${e.hint}` : e.formatted());
    const stackTrace = tracebackText([frame, ...e.innerFrames], reading.tracebackDepth, e.formatted());
    return { ...error, stackTrace: e.hint ? `${stackTrace}${e.hint}\n` : stackTrace };
  }
  if (e instanceof CannotEvaluate) {
    const { row, column } = e.node.startPosition;
    return importError(
      input,
      e.node,
      `cannot evaluate ${e.construct} at ${input.relativePath}:${row + 1}:${column + 1}`,
    );
  }
  if (e instanceof RaisedException)
    return importError(input, e.node, e.hint ? `${e.formatted()}\n${e.hint}` : e.formatted());
  if (e instanceof BudgetExceeded) return importError(input, e.node, e.message);
  // The evaluator recursed deeper than the JavaScript stack: Python would have stopped first.
  if (e instanceof RangeError && /call stack/i.test(e.message))
    return importError(input, null, 'RecursionError: maximum recursion depth exceeded');
  return {
    filename: input.relativePath,
    line: null,
    column: null,
    message: `internal error while reading the file: ${(e as Error)?.message ?? String(e)}`,
  };
}

/** The module-level import statement of the DAG file itself that raised an ImportError, or null. */
function importStatementOf(e: RaisedException, tree: Tree): Node | null {
  if (e.pyClass !== 'ImportError' && e.pyClass !== 'ModuleNotFoundError') return null;
  let n: Node | null = e.node;
  while (n && n.type !== 'import_statement' && n.type !== 'import_from_statement') n = n.parent;
  if (!n || n.tree !== tree || enclosingFunction(n) !== '<module>') return null;
  // Only an error about the module the statement names: one raised inside a module it imports has that
  // module's frames, which the reader does not write.
  const missing = /^No module named '([^']+)'$/.exec(e.message)?.[1] ?? / from '([^']+)' \(/.exec(e.message)?.[1];
  const named =
    n.type === 'import_from_statement'
      ? [n.childForFieldName('module_name')?.text ?? '']
      : n.namedChildren.map((c) => (c?.type === 'aliased_import' ? c.childForFieldName('name')?.text : c?.text) ?? '');
  const direct = named.some((m) =>
    e.pyClass === 'ImportError'
      ? m === missing
      : missing !== undefined && (m === missing || m.startsWith(`${missing}.`)),
  );
  return direct ? n : null;
}

/** The name of the frame `node` runs in: its function's, or `<module>`. */
function enclosingFunction(node: Node): string {
  for (let n = node.parent; n; n = n.parent)
    if (n.type === 'function_definition') return n.childForFieldName('name')?.text ?? '<module>';
  return '<module>';
}

function importError(input: DagFileInput, node: Node | null, message: string): DagImportError {
  return {
    filename: input.relativePath,
    line: node ? node.startPosition.row + 1 : null,
    column: node ? node.startPosition.column + 1 : null,
    message,
  };
}

/**
 * The file's SyntaxError as Airflow stores it: CPython's own wording and the traceback of the import (the
 * frozen importlib frames of the environment's Python); on a Python whose texts are not reproduced, the
 * SyntaxError's class and position only.
 */
function syntaxImportError(input: DagFileInput, root: Node, reading: DagReading): DagImportError | null {
  const python = pythonFacts(reading.python);
  if (!python?.detailedSyntaxErrors) return legacySyntaxError(input, root);
  const e = fileSyntaxError(input.source, root);
  if (!e) return null;
  const frames = [
    pythonFrame({
      file: '<frozen importlib._bootstrap_external>',
      line: python.sourceToCodeLine,
      name: 'source_to_code',
      source: null,
      carets: null,
    }),
    pythonFrame({
      file: '<frozen importlib._bootstrap>',
      line: python.callWithFramesRemovedLine,
      name: '_call_with_frames_removed',
      source: null,
      carets: null,
    }),
  ];
  const exception = syntaxErrorLines(input.absolutePath, e);
  return {
    filename: input.relativePath,
    line: e.lineno,
    column: e.offset,
    message: `${e.pyClass}: ${e.msg}`,
    stackTrace: tracebackText(frames, reading.tracebackDepth, exception),
  };
}

/** Python before 3.11 (MWAA 2.2–2.7): the class and line of the error, in `str(SyntaxError)`'s form. */
function legacySyntaxError(input: DagFileInput, root: Node): DagImportError | null {
  const syntax = firstSyntaxError(root);
  const indentation = indentationProblem(input.source);
  if (indentation && (!syntax || indentation.line <= syntax.startPosition.row + 1))
    return { filename: input.relativePath, line: indentation.line, column: null, message: indentation.message };
  if (!syntax) return null;
  return importError(
    input,
    syntax,
    `SyntaxError: invalid syntax (${basename(input.relativePath)}, line ${syntax.startPosition.row + 1})`,
  );
}

function firstSyntaxError(root: Node): Node | null {
  if (!root.hasError) return null;
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.shift()!;
    if (n.type === 'ERROR' || n.isMissing) return n;
    for (const c of n.children) if (c && (c.hasError || c.isMissing)) stack.push(c);
  }
  return root;
}
