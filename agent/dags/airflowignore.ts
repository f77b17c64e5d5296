import ignore, { type Ignore } from 'ignore';

/** `[core] dag_ignore_file_syntax`. */
export type IgnoreSyntax = 'regexp' | 'glob';

/** One compiled line of an `.airflowignore`, as Airflow 2.10's `_RegexpIgnoreRule`/`_GlobIgnoreRule`. */
export type IgnoreRule =
  | { kind: 'regexp'; pattern: RegExp }
  | { kind: 'glob'; raw: string; matcher: Ignore; negated: boolean; relativeTo: string | null };

export interface IgnoreWarning {
  /** Path of the `.airflowignore`, relative to the DAG folder. */
  file: string;
  message: string;
}

/**
 * Splits an `.airflowignore` the way Airflow does: on `\n`, removing `\s*#.*` (so `#` anywhere starts a
 * comment), dropping empty lines, keeping other whitespace (a CRLF file keeps its `\r`).
 */
export function ignoreFileLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\s*#.*/s, ''))
    .filter((line) => line !== '');
}

/**
 * Compiles the lines of the `.airflowignore` at `ignoreFileDir` (relative to the DAG folder, '' for the
 * root). Invalid patterns are skipped with Airflow's warning text, as Airflow does.
 *
 * Airflow ≥ 2.6.3 compiles regexps with re2; JavaScript's RegExp is a superset for what users write
 * (re2 rejects look-arounds and back-references, which RegExp accepts), and `(?i)`-style inline flags
 * that re2 accepts are rejected here and reported as invalid.
 */
export function compileIgnoreRules(
  lines: string[],
  syntax: IgnoreSyntax,
  ignoreFileDir: string,
  warnings: IgnoreWarning[],
): IgnoreRule[] {
  const file = ignoreFileDir === '' ? '.airflowignore' : `${ignoreFileDir}/.airflowignore`;
  const rules: IgnoreRule[] = [];
  for (const line of lines) {
    if (syntax === 'regexp') {
      try {
        rules.push({ kind: 'regexp', pattern: new RegExp(line) });
      } catch (e) {
        warnings.push({ file, message: `Ignoring invalid regex '${line}' from ${file}: ${(e as Error).message}` });
      }
      continue;
    }
    if (line.trim() === '/') {
      warnings.push({ file, message: `Ignoring no-op glob pattern '/' from ${file}` });
      continue;
    }
    // gitignore: a separator at the start or in the middle anchors the pattern to the ignore file's folder.
    const anchored = line.startsWith('/') || line.replace(/\/+$/, '').includes('/');
    const negated = line.startsWith('!');
    rules.push({
      kind: 'glob',
      raw: line,
      matcher: ignore({ ignorecase: false, allowRelativePaths: true }).add(line),
      negated,
      relativeTo: anchored ? ignoreFileDir : null,
    });
  }
  return rules;
}

/**
 * True when `relPath` (relative to the DAG folder, `/`-separated) is ignored by `rules`. Regexp rules:
 * unanchored search on the path relative to the DAG folder, any rule wins. Glob rules: the last matching
 * rule wins (negation re-includes).
 */
export function isIgnored(relPath: string, isDir: boolean, rules: readonly IgnoreRule[]): boolean {
  let matched = false;
  for (const rule of rules) {
    if (rule.kind === 'regexp') {
      if (rule.pattern.test(relPath)) return true;
      continue;
    }
    let candidate = rule.relativeTo === null ? basename(relPath) : relativeTo(relPath, rule.relativeTo);
    if (candidate === null || candidate === '') continue;
    if (rule.raw.endsWith('/') && isDir) candidate += '/';
    const result = rule.matcher.test(candidate);
    if (rule.negated ? result.unignored : result.ignored) matched = !rule.negated;
  }
  return matched;
}

function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

function relativeTo(p: string, dir: string): string | null {
  if (dir === '') return p;
  return p.startsWith(dir + '/') ? p.slice(dir.length + 1) : null;
}
