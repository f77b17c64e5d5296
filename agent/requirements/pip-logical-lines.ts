/**
 * pip's requirements-file preprocessing (`pip._internal.req.req_file.preprocess`), in pip's order:
 * join backslash continuations, drop comments, expand `${VAR}`. Each logical line keeps the number of
 * its first physical line, like pip's error messages.
 */
export interface LogicalLine {
  /** 1-based number of the first physical line. */
  line: number;
  /** The text after joining and comment removal, before `${VAR}` expansion: safe to show and log. */
  shown: string;
  /** The text pip acts on (variables expanded). Never log or print it: it may hold credentials. */
  value: string;
}

/** pip: `COMMENT_RE = re.compile(r"(^|\s+)#.*$")`. */
const COMMENT_RE = /(^|\s+)#.*$/;
const COMMENT_AT_START = /^\s*#/;
/** pip: `ENV_VAR_RE = re.compile(r"(?P<var>\$\{(?P<name>[A-Z0-9_]+)\})")`. */
const ENV_VAR_RE = /\$\{([A-Z0-9_]+)\}/g;

/** Splits like Python's `str.splitlines()` (same separators). */
export function splitPhysicalLines(text: string): string[] {
  const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function toLogicalLines(text: string, env: Readonly<Record<string, string | undefined>>): LogicalLine[] {
  const out: LogicalLine[] = [];
  for (const { line, text: joined } of joinContinuations(splitPhysicalLines(text))) {
    const shown = joined.replace(COMMENT_RE, '').trim();
    if (shown === '') continue;
    out.push({ line, shown, value: expandEnvVars(shown, env) });
  }
  return out;
}

function* joinContinuations(lines: string[]): Generator<{ line: number; text: string }> {
  let primary = 0;
  let pending: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let text = lines[i]!;
    const isComment = COMMENT_AT_START.test(text);
    if (!text.endsWith('\\') || isComment) {
      // pip prefixes a comment with a space so it is still recognised once glued to a continuation.
      if (isComment) text = ' ' + text;
      if (pending.length > 0) {
        pending.push(text);
        yield { line: primary, text: pending.join('') };
        pending = [];
      } else {
        yield { line: i + 1, text };
      }
    } else {
      if (pending.length === 0) primary = i + 1;
      pending.push(stripBackslashes(text));
    }
  }
  if (pending.length > 0) yield { line: primary, text: pending.join('') };
}

/** Python's `line.strip("\\")`: removes backslashes at both ends. */
function stripBackslashes(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s[start] === '\\') start++;
  while (end > start && s[end - 1] === '\\') end--;
  return s.slice(start, end);
}

/** pip leaves a variable that is unset or empty as written. */
export function expandEnvVars(text: string, env: Readonly<Record<string, string | undefined>>): string {
  if (!text.includes('${')) return text;
  return text.replace(ENV_VAR_RE, (whole, name: string) => {
    const value = env[name];
    return value ? value : whole;
  });
}

/** True when the line mentions a `${VAR}` that the environment sets (its value must stay private). */
export function usesSetEnvVars(text: string, env: Readonly<Record<string, string | undefined>>): boolean {
  for (const m of text.matchAll(ENV_VAR_RE)) if (env[m[1]!]) return true;
  return false;
}
