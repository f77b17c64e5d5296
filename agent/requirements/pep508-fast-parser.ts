import type { EnvironmentMarker, ProjectNameRequirement, VersionSpec } from 'pip-requirements-js';

/**
 * A fast path for the common shape of a requirement, `name[extras] specifiers ; marker`, producing exactly
 * what pip-requirements-js produces for it. pip-requirements-js (Ohm) costs ~0.2 ms a line, which makes a
 * 1,000-line file take 200 ms; this scanner takes microseconds. It returns null for anything unusual
 * (URLs, non-ASCII, odd spacing inside tokens), and the caller then asks pip-requirements-js, so the
 * library stays the authority. A property test checks that both agree wherever this returns a result.
 */
export function parseRequirementFast(text: string): ProjectNameRequirement | null {
  const s = new Scanner(text);
  s.skipSpace();
  const name = s.match(NAME_RE);
  if (!name) return null;
  const req: ProjectNameRequirement = { type: 'ProjectName', name };
  s.skipSpace();
  if (s.peek() === '[') {
    const extras = parseExtras(s);
    if (!extras) return null;
    req.extras = extras;
    s.skipSpace();
  }
  const specs = parseSpecs(s);
  if (specs === null) return null;
  req.versionSpec = specs.length > 0 ? specs : undefined;
  s.skipSpace();
  if (s.peek() === ';') {
    s.pos++;
    const marker = parseMarkerOr(s);
    if (!marker) return null;
    req.environmentMarkerTree = marker;
    s.skipSpace();
  }
  if (!s.atEnd()) return null;
  if (req.versionSpec === undefined) delete req.versionSpec;
  return req;
}

const NAME_RE = /[A-Za-z0-9](?:[-_.]*[A-Za-z0-9])*/y;
const IDENT_RE = NAME_RE;
const VERSION_OP_RE = /(?:===|~=|==|!=|<=|>=|<|>)/y;
const VERSION_RE = /[A-Za-z0-9\-_.*+!]+/y;
const ENV_VAR_RE =
  /(?:python_full_version|python_version|os_name|sys_platform|platform_release|platform_system|platform_version|platform_machine|platform_python_implementation|implementation_name|implementation_version|extra)(?![A-Za-z0-9_])/y;
const MARKER_OP_RE = /(?:~=|==|!=|<=|>=|<|>|in(?![A-Za-z0-9_])|not[ \t]+in(?![A-Za-z0-9_]))/y;
const PY_STR_RE = /'[ \t\w().{}\-*#:;,/?[\]!~`@$%^&=+|<>"]*'|"[ \t\w().{}\-*#:;,/?[\]!~`@$%^&=+|<>']*"/y;

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}
  peek(): string | undefined {
    return this.text[this.pos];
  }
  atEnd(): boolean {
    return this.pos >= this.text.length;
  }
  skipSpace(): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
  }
  match(re: RegExp): string | null {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m) return null;
    this.pos += m[0].length;
    return m[0];
  }
  keyword(word: string): boolean {
    if (!this.text.startsWith(word, this.pos)) return false;
    this.pos += word.length;
    return true;
  }
}

function parseExtras(s: Scanner): string[] | null {
  s.pos++; // '['
  const extras: string[] = [];
  s.skipSpace();
  if (s.peek() === ']') {
    s.pos++;
    return extras;
  }
  for (;;) {
    s.skipSpace();
    const id = s.match(IDENT_RE);
    if (!id) return null;
    extras.push(id);
    s.skipSpace();
    const c = s.peek();
    s.pos++;
    if (c === ']') return extras;
    if (c !== ',') return null;
  }
}

function parseSpecs(s: Scanner): VersionSpec[] | null {
  const specs: VersionSpec[] = [];
  const parenthesized = s.peek() === '(';
  if (parenthesized) return null; // rare form: leave it to the library
  for (;;) {
    s.skipSpace();
    const op = s.match(VERSION_OP_RE);
    if (!op) return specs.length === 0 ? specs : null;
    s.skipSpace();
    const version = s.match(VERSION_RE);
    if (!version) return null;
    specs.push({ operator: op as VersionSpec['operator'], version });
    s.skipSpace();
    if (s.peek() !== ',') return specs;
    s.pos++;
  }
}

function parseMarkerOr(s: Scanner): EnvironmentMarker | null {
  const left = parseMarkerAnd(s);
  if (!left) return null;
  s.skipSpace();
  if (!s.keyword('or')) return left;
  const right = parseMarkerOr(s);
  return right ? { operator: 'or', left, right } : null;
}

function parseMarkerAnd(s: Scanner): EnvironmentMarker | null {
  const left = parseMarkerExpr(s);
  if (!left) return null;
  s.skipSpace();
  if (!s.keyword('and')) return left;
  const right = parseMarkerAnd(s);
  return right ? { operator: 'and', left, right } : null;
}

function parseMarkerExpr(s: Scanner): EnvironmentMarker | null {
  s.skipSpace();
  if (s.peek() === '(') {
    s.pos++;
    const inner = parseMarkerOr(s);
    s.skipSpace();
    if (!inner || s.peek() !== ')') return null;
    s.pos++;
    return inner;
  }
  const left = markerVar(s);
  if (!left) return null;
  s.skipSpace();
  const op = s.match(MARKER_OP_RE);
  if (!op || (op.startsWith('not') && op !== 'not in')) return null;
  s.skipSpace();
  const right = markerVar(s);
  if (!right) return null;
  return { left, operator: op, right } as EnvironmentMarker;
}

function markerVar(s: Scanner): string | null {
  return s.match(ENV_VAR_RE) ?? s.match(PY_STR_RE);
}
