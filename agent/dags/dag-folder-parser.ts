import { readFile } from 'node:fs/promises';
import { discoverDagFiles, type DiscoveredFile } from './dag-discovery.js';
import type { IgnoreSyntax } from './airflowignore.js';
import type { DagParseResult } from './dag-model.js';
import { parseDagFile, type DagParseOptions, readingOf } from './dag-file-parser.js';
import { type FileParseResult, mergeFileResults } from './dag-file-merge.js';
import { DEFAULT_PARSE_LIMITS, tooLargeMessage } from './parse-budget.js';
import type { VariableAnswer } from './parse-variables.js';

/** Looks a variable up as Airflow's `Variable.get` would now (secrets backend, `AIRFLOW_VAR_*`, the store). */
export type VariableReader = (key: string) => Promise<VariableAnswer>;

/** More distinct variables than this in one file is an import error (each one costs a parse of the file). */
const MAX_VARIABLES_PER_FILE = 200;

export interface DagFolderOptions extends DagParseOptions {
  ignoreSyntax?: IgnoreSyntax;
  safeMode?: boolean;
  /** Where `Variable.get` looks; default: nowhere (every variable is missing). */
  readVariable?: VariableReader;
}

/**
 * Parses a file until every `Variable.get` it reaches has its answer: a parse that stops at an unknown key
 * has the key looked up (`answers` keeps it, so files of one refresh share lookups) and runs again.
 */
export async function parseWithVariables(
  file: DiscoveredFile,
  opts: DagParseOptions,
  parse: (file: DiscoveredFile, opts: DagParseOptions) => Promise<FileParseResult>,
  readVariable: VariableReader | undefined,
  answers: Map<string, VariableAnswer> = new Map(),
): Promise<FileParseResult> {
  for (let asked = 0; ; asked++) {
    const result = await parse(file, { ...opts, variables: Object.fromEntries(answers) });
    const key = result.pendingVariable;
    if (key === undefined) return result;
    if (asked >= MAX_VARIABLES_PER_FILE)
      return fileError(
        file,
        `${file.relativePath} reads more than ${MAX_VARIABLES_PER_FILE} variables while it is parsed, more than mwaa-agent follows`,
      );
    answers.set(key, await lookUp(readVariable, key));
  }
}

async function lookUp(readVariable: VariableReader | undefined, key: string): Promise<VariableAnswer> {
  if (!readVariable) return { kind: 'missing' };
  try {
    return await readVariable(key);
  } catch (e) {
    return { kind: 'unreadable', error: (e as Error)?.message ?? String(e) };
  }
}

/** A file that yields no DAG and one import error without a line. */
function fileError(file: DiscoveredFile, message: string): FileParseResult {
  return {
    relativePath: file.relativePath,
    dags: [],
    importErrors: [{ filename: file.relativePath, line: null, column: null, message }],
  };
}

/** Parses one discovered file; zip archives are reported as unsupported rather than skipped. */
export async function parseDiscoveredFile(file: DiscoveredFile, opts: DagParseOptions): Promise<FileParseResult> {
  if (file.kind === 'zip') {
    return fileError(
      file,
      'zip archives (packaged DAGs) are not supported by mwaa-agent: unzip the .py files into the DAG folder',
    );
  }
  const maxFileBytes = opts.limits?.maxFileBytes ?? DEFAULT_PARSE_LIMITS.maxFileBytes;
  if (!file.content && file.size !== undefined && file.size > maxFileBytes)
    return fileError(file, tooLargeMessage(file.relativePath, file.size, maxFileBytes));
  let source: string;
  try {
    source = file.content ? file.content.toString('utf8') : await readFile(file.absolutePath, 'utf8');
  } catch (e) {
    return fileError(file, `cannot read file: ${(e as Error).message}`);
  }
  const r = await parseDagFile({ absolutePath: file.absolutePath, relativePath: file.relativePath, source }, opts);
  return { relativePath: file.relativePath, ...r };
}

/** Discovers and parses every DAG file of `dir` (see {@link discoverDagFiles}). One bad file never stops the rest. */
export async function parseDagFolder(dir: string, opts: DagFolderOptions = {}): Promise<DagParseResult> {
  const reading = readingOf(opts);
  const { files } = await discoverDagFiles(dir, {
    ignoreSyntax: opts.ignoreSyntax ?? reading.ignoreSyntax,
    safeMode: opts.safeMode ?? true,
  });
  const results: FileParseResult[] = [];
  const answers = new Map<string, VariableAnswer>();
  for (const f of files)
    results.push(await parseWithVariables(f, opts, parseDiscoveredFile, opts.readVariable, answers));
  return mergeFileResults(results, reading.files.duplicateDagIds);
}
