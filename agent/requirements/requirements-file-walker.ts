import type { RequirementsDiagnostic } from './requirements-verdict.js';
import { decodeRequirementsBytes } from './pip-text-decoder.js';
import { toLogicalLines, type LogicalLine } from './pip-logical-lines.js';
import { isPerRequirementOption, parseLineOptions, type PipOption } from './pip-line-options.js';
import { directReference, parseRequirementText, type RequirementSpec } from './pep508-requirement.js';
import { isUrl, toLocalPath, type PathRoots } from './constraints-reference.js';

/**
 * Reads a requirements file and everything it includes (`-r` files, local `-c` files) the way pip does,
 * into plain data: requirements, constraints, file-wide options and diagnostics. All file access goes
 * through `readFile`, so the walk is synchronous, testable and never touches the network.
 */
export interface WalkOptions {
  roots: PathRoots;
  env: Readonly<Record<string, string | undefined>>;
  /** Returns the file's bytes; throws (ENOENT, EISDIR, …) like fs.readFileSync. */
  readFile(path: string): Uint8Array;
}

export interface LocatedRequirement {
  file: string;
  line: number;
  /** The line as written (variables unexpanded): the only form shown to users. */
  shown: string;
  req: RequirementSpec;
  editable: boolean;
  /** Came from a constraints file (`-c`), so it limits versions but installs nothing. */
  constraint: boolean;
}

export interface ConstraintReference {
  file: string;
  line: number;
  /** Where it points, variables expanded: use it, never show it. */
  location: string;
  /** Where it points as written. */
  shown: string;
  /** The local file for a path, null for a URL. */
  localPath: string | null;
}

/** A `--find-links` line: where it points (variables expanded) and the file that says it. */
export interface FindLinksOption {
  value: string;
  file: string;
  line: number;
}

export interface WalkResult {
  requirements: LocatedRequirement[];
  constraintRefs: ConstraintReference[];
  options: { noIndex: boolean; findLinks: FindLinksOption[]; indexUrls: string[]; pre: boolean };
  diagnostics: RequirementsDiagnostic[];
  /** Decoded text of the top file ('' when unreadable), for MWAA's constraint detection. */
  topText: string;
  /** False when the top file does not exist: no requirements at all. */
  topExists: boolean;
  /** True when the top file exists but cannot be read or decoded (MWAA then cannot scan it either). */
  topUnreadable: boolean;
  /** Names of the `${VAR}`s the files expand (set ones only): their values must never reach a message. */
  expandedVars: Set<string>;
}

const MAX_FILE_BYTES = 10 * 1024 * 1024;
const MAX_DEPTH = 32;

export function walkRequirementsFile(file: string, opts: WalkOptions): WalkResult {
  const result: WalkResult = {
    requirements: [],
    constraintRefs: [],
    options: { noIndex: false, findLinks: [], indexUrls: [], pre: false },
    diagnostics: [],
    topText: '',
    topExists: true,
    topUnreadable: false,
    expandedVars: new Set(),
  };
  const top = readText(file, opts, result, null);
  if (top === null) {
    result.topUnreadable = result.topExists;
    return result;
  }
  result.topText = top;
  walkText(file, top, false, [file], opts, result);
  return result;
}

function readText(
  file: string,
  opts: WalkOptions,
  result: WalkResult,
  from: { file: string; line: number; written: string } | null,
): string | null {
  let bytes: Uint8Array;
  try {
    bytes = opts.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (from === null && code === 'ENOENT') {
      result.topExists = false;
      return null;
    }
    const errno =
      code === 'ENOENT'
        ? '[Errno 2] No such file or directory'
        : code === 'EISDIR'
          ? '[Errno 21] Is a directory'
          : `[${code ?? 'error'}]`;
    const where = from ?? { file, line: 1, written: file };
    error(result, where.file, where.line, `Could not open requirements file: ${errno}: '${where.written}'`);
    return null;
  }
  if (bytes.length > MAX_FILE_BYTES) {
    const where = from ?? { file, line: 1 };
    error(
      result,
      where.file,
      where.line,
      `${file} is ${bytes.length} bytes; mwaa-agent checks requirements files up to ${MAX_FILE_BYTES} bytes`,
    );
    return null;
  }
  const decoded = decodeRequirementsBytes(bytes);
  if (!decoded.ok) {
    error(result, file, decoded.line, decoded.message);
    return null;
  }
  return decoded.text;
}

function walkText(
  file: string,
  text: string,
  constraint: boolean,
  stack: string[],
  opts: WalkOptions,
  result: WalkResult,
): void {
  for (const line of toLogicalLines(text, opts.env)) handleLine(file, line, constraint, stack, opts, result);
}

function handleLine(
  file: string,
  line: LogicalLine,
  constraint: boolean,
  stack: string[],
  opts: WalkOptions,
  result: WalkResult,
): void {
  for (const m of line.shown.matchAll(/\$\{([A-Z0-9_]+)\}/g)) if (opts.env[m[1]!]) result.expandedVars.add(m[1]!);
  const shownParse = parseLineOptions(line.shown);
  if (!shownParse.ok) {
    error(result, file, line.line, `Invalid requirement: ${line.shown}: ${shownParse.error}`);
    return;
  }
  const parsed = parseLineOptions(line.value);
  if (!parsed.ok) {
    error(result, file, line.line, `Invalid requirement: ${line.shown}: not valid once its \${VAR}s are expanded`);
    return;
  }
  const shownOptions = shownParse.ok && shownParse.options.length === parsed.options.length ? shownParse.options : null;
  if (parsed.args.trim() !== '') {
    handleRequirementLine(file, line, parsed.args.trim(), parsed.options, constraint, result);
    return;
  }
  parsed.options.forEach((option, i) => {
    const shownValue = shownOptions?.[i]?.value ?? option.value ?? '';
    handleOption(file, line.line, option, shownValue, constraint, stack, opts, result);
  });
}

function handleRequirementLine(
  file: string,
  line: LogicalLine,
  args: string,
  options: PipOption[],
  constraint: boolean,
  result: WalkResult,
): void {
  const shownArgs = line.shown.split(' ').slice(0, args.split(' ').length).join(' ');
  const parsed = parseRequirementText(args, shownArgs);
  if (!parsed.ok) {
    error(result, file, line.line, parsed.message);
    return;
  }
  for (const o of options) {
    if (!isPerRequirementOption(o.name))
      warning(result, file, line.line, `${o.name} on a requirement line is ignored by pip; put it on its own line`);
  }
  result.requirements.push({ file, line: line.line, shown: line.shown, req: parsed.req, editable: false, constraint });
}

function handleOption(
  file: string,
  lineNo: number,
  option: PipOption,
  shownValue: string,
  constraint: boolean,
  stack: string[],
  opts: WalkOptions,
  result: WalkResult,
): void {
  const value = option.value ?? '';
  switch (option.name) {
    case '--requirement':
    case '--constraint':
      include(file, lineNo, value, shownValue, constraint || option.name === '--constraint', stack, opts, result);
      return;
    case '--editable':
      result.requirements.push({
        file,
        line: lineNo,
        shown: `-e ${shownValue}`,
        req: directReference(value),
        editable: true,
        constraint,
      });
      return;
    case '--no-index':
      result.options.noIndex = true;
      return;
    case '--find-links':
      result.options.findLinks.push({ value, file, line: lineNo });
      return;
    case '--index-url':
    case '--extra-index-url':
      result.options.indexUrls.push(value);
      return;
    case '--pre':
      result.options.pre = true;
      return;
    case '--hash':
    case '--global-option':
    case '--install-option':
    case '--config-settings':
      warning(result, file, lineNo, `${option.name} applies to a requirement; on its own line pip ignores it`);
      return;
    default:
      // --trusted-host, --no-binary, --only-binary, --prefer-binary, --require-hashes, --use-feature:
      // they change how pip downloads, not what gets installed.
      return;
  }
}

function include(
  file: string,
  lineNo: number,
  location: string,
  shown: string,
  constraint: boolean,
  stack: string[],
  opts: WalkOptions,
  result: WalkResult,
): void {
  if (constraint && isUrl(location)) {
    result.constraintRefs.push({ file, line: lineNo, location, shown, localPath: null });
    return;
  }
  if (isUrl(location)) {
    error(
      result,
      file,
      lineNo,
      `-r ${shown}: mwaa-agent does not download included requirements files; copy it next to requirements.txt`,
    );
    return;
  }
  const local = toLocalPath(location, file, opts.roots);
  if (!local.ok) {
    error(result, file, lineNo, `Could not open requirements file: ${local.message}`);
    return;
  }
  if (constraint) result.constraintRefs.push({ file, line: lineNo, location, shown, localPath: local.path });
  if (stack.includes(local.path)) {
    error(
      result,
      file,
      lineNo,
      `circular include: ${[...stack, local.path].join(' -> ')} (pip would recurse until RecursionError)`,
    );
    return;
  }
  if (stack.length >= MAX_DEPTH) {
    error(result, file, lineNo, `includes nest deeper than ${MAX_DEPTH} files`);
    return;
  }
  const text = readText(local.path, opts, result, { file, line: lineNo, written: shown });
  if (text === null) return;
  walkText(local.path, text, constraint, [...stack, local.path], opts, result);
}

function error(result: WalkResult, file: string, line: number | null, message: string): void {
  result.diagnostics.push({ file, line, severity: 'error', message });
}

function warning(result: WalkResult, file: string, line: number | null, message: string): void {
  result.diagnostics.push({ file, line, severity: 'warning', message });
}
