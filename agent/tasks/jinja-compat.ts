import nunjucks from 'nunjucks';
import { PythonException } from '../python/exceptions.js';
import { pyStr, pyTypeName } from '../python/repr.js';
import { StrictUndefined } from './strict-undefined.js';

/**
 * nunjucks renders like JavaScript where Jinja renders like Python. These hooks on nunjucks' runtime close the
 * gaps DAG authors hit: `True`/`None`/lists render as Python prints them, `str.replace` replaces every
 * occurrence, string slices are strings, and printing or calling an undefined name/attribute raises Jinja's
 * StrictUndefined error. Undefined values stay JS `undefined` (falsy), so `is defined`, `default` and `if`
 * work; unlike Jinja, `{% if missing %}` and filters over a missing value do not raise. nunjucks
 * has no per-environment hook for output or lookups, so the runtime functions are wrapped once per process
 * and only change behaviour while {@link withPythonSemantics} runs (renders are synchronous).
 */
type Runtime = {
  suppressValue(v: unknown, autoescape: boolean): unknown;
  memberLookup(obj: unknown, val: unknown): unknown;
  contextOrFrameLookup(context: unknown, frame: { lookup(name: string): unknown }, name: string): unknown;
  callWrap(obj: unknown, name: string, context: unknown, args: unknown[]): unknown;
};

interface CompatState {
  depth: number;
  /** Jinja's message for the most recent failed lookup, raised if its undefined value is printed or called. */
  lastMissing: string | null;
  /** The Python exception that aborted the current render, if any (nunjucks wraps it in its own error). */
  lastError: PythonException | null;
}

const INSTALLED = Symbol.for('mwaa-agent.jinja-compat');

/** The Python type of a template value: a template class's `pyName` (`DateTime`), else the JSON-like type. */
function templateTypeName(obj: unknown): string {
  const ctor = (obj as { constructor?: { pyName?: string } }).constructor;
  return ctor?.pyName ?? pyTypeName(obj);
}

/** Python `str` methods whose JS namesakes behave differently (or do not exist). */
const STR_METHODS: Record<string, (s: string, ...a: never[]) => unknown> = {
  replace: (s: string, old: string, repl: string, count?: number) => {
    if (count === undefined || count < 0) return s.split(old).join(repl);
    const parts = s.split(old);
    return (
      parts.slice(0, count + 1).join(repl) + (parts.length > count + 1 ? old + parts.slice(count + 1).join(old) : '')
    );
  },
  strip: (s: string, chars?: string) => (chars === undefined ? s.trim() : stripChars(s, chars, true, true)),
  lstrip: (s: string, chars?: string) => (chars === undefined ? s.trimStart() : stripChars(s, chars, true, false)),
  rstrip: (s: string, chars?: string) => (chars === undefined ? s.trimEnd() : stripChars(s, chars, false, true)),
  upper: (s: string) => s.toUpperCase(),
  lower: (s: string) => s.toLowerCase(),
  startswith: (s: string, p: string) => s.startsWith(p),
  endswith: (s: string, p: string) => s.endsWith(p),
  split: (s: string, sep?: string | null) =>
    sep === undefined || sep === null ? s.trim().split(/\s+/).filter(Boolean) : s.split(sep),
};

function stripChars(s: string, chars: string, left: boolean, right: boolean): string {
  let a = 0;
  let b = s.length;
  while (left && a < b && chars.includes(s[a]!)) a++;
  while (right && b > a && chars.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

function install(): CompatState {
  const rt = nunjucks.runtime as unknown as Runtime & { [INSTALLED]?: CompatState };
  if (rt[INSTALLED]) return rt[INSTALLED];
  nunjucks.installJinjaCompat();
  const state: CompatState = { depth: 0, lastMissing: null, lastError: null };
  const orig = { ...rt } as Runtime;
  const fail = (e: PythonException): never => {
    state.lastError = e;
    throw e;
  };
  rt.suppressValue = (v, autoescape) => {
    if (state.depth === 0) return orig.suppressValue(v, autoescape);
    if (v instanceof StrictUndefined) return fail(v.error());
    if (v === undefined) return fail(new StrictUndefined(state.lastMissing ?? "'None' is undefined").error());
    return pyStr(v);
  };
  rt.contextOrFrameLookup = (context, frame, name) => {
    const v = orig.contextOrFrameLookup(context, frame, name);
    if (v === undefined && state.depth > 0) state.lastMissing = `'${name}' is undefined`;
    return v;
  };
  rt.memberLookup = function (this: unknown, obj: unknown, val: unknown, ...rest: unknown[]) {
    if (state.depth === 0) return (orig.memberLookup as (...a: unknown[]) => unknown).call(this, obj, val, ...rest);
    if (obj instanceof StrictUndefined) return fail(obj.error());
    if (typeof obj === 'string' && typeof val === 'string' && STR_METHODS[val]) {
      const method = STR_METHODS[val] as (s: string, ...a: unknown[]) => unknown;
      return (...args: unknown[]) => method(obj, ...args);
    }
    let r: unknown;
    try {
      r = (orig.memberLookup as (...a: unknown[]) => unknown).call(this, obj, val, ...rest);
    } catch (e) {
      if (e instanceof PythonException) fail(e);
      throw e;
    }
    if (typeof obj === 'string' && Array.isArray(r)) return r.join('');
    if (r === undefined && obj !== null && obj !== undefined && typeof val !== 'object') {
      state.lastMissing = `'${templateTypeName(obj)} object' has no attribute '${String(val)}'`;
    }
    return r;
  };
  rt.callWrap = (obj, name, context, args) => {
    if (state.depth > 0 && obj instanceof StrictUndefined) return fail(obj.error());
    if (state.depth > 0 && obj === undefined)
      return fail(new StrictUndefined(state.lastMissing ?? `'${name}' is undefined`).error());
    try {
      return orig.callWrap(obj, name, context, args);
    } catch (e) {
      if (state.depth > 0 && e instanceof PythonException) fail(e);
      throw e;
    }
  };
  rt[INSTALLED] = state;
  return state;
}

/**
 * Runs a synchronous nunjucks render with Python semantics; a Python exception raised during the render
 * (UndefinedError, KeyError from `var.value`, …) is rethrown as itself rather than nunjucks' wrapper.
 */
export function withPythonSemantics<T>(render: () => T): T {
  const state = install();
  state.depth++;
  state.lastError = null;
  state.lastMissing = null;
  try {
    return render();
  } catch (e) {
    if (state.lastError) throw state.lastError;
    throw e;
  } finally {
    state.depth--;
  }
}
