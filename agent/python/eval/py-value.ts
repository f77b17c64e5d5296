import type { Node } from 'web-tree-sitter';

/**
 * The Python values the static evaluator can represent. Anything else is `opaque`: it may be passed around,
 * but reading it where a result depends on it is a "cannot evaluate" error. Values of the classes a host
 * models (a DAG, an operator, …) are `object`s the host defines; the evaluator only passes them around.
 */
export type PyValue =
  | { t: 'none' }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: number }
  | { t: 'float'; v: number }
  | { t: 'str'; v: string }
  | { t: 'list'; items: PyValue[] }
  | { t: 'tuple'; items: PyValue[] }
  /** Keys are kept as Python reprs of str/int keys (`'a'`, `1`) so lookups are exact. */
  | { t: 'dict'; entries: Map<string, { key: PyValue; value: PyValue }> }
  /** `us`: microseconds since the epoch, UTC. `tz`: IANA name; null for a naive datetime (read as UTC). */
  | { t: 'datetime'; us: number; tz: string | null }
  | { t: 'timedelta'; us: number }
  | { t: 'tz'; name: string }
  /** An imported module, class or function, by dotted name (`airflow.DAG`, `datetime.timedelta`). */
  | { t: 'symbol'; name: string }
  /** An instance of a class the host models. */
  | { t: 'object'; obj: HostObject }
  | FunctionValue
  | { t: 'method'; self: PyValue; name: string }
  /**
   * A value the reader cannot know (a call to user code, os.environ, …); `what` names the construct. `inert`
   * values come from modules the host says cannot touch its state (os, logging, …), so calling their
   * methods is harmless.
   */
  | { t: 'opaque'; what: string; node: Node; inert?: boolean };

/** An instance of a class the host models (a DAG, a task, …). */
export interface HostObject {
  /** `type(x).__name__`, for TypeError messages. */
  readonly pyTypeName: string;
  /** What the reader's own messages call it ("cannot evaluate str() of task"). */
  readonly kind: string;
}

/** What a decorator the host recognises makes of a function (`@dag`, `@task`, …). */
export interface Decoration {
  readonly kind: string;
}

/** A function defined in the file, with the decorator the host recognised on it, if any. */
export interface FunctionValue {
  t: 'function';
  node: Node;
  decorator: Decoration | null;
  closure: Scope;
}

/** A chain of name bindings: function locals, then module globals. */
export class Scope {
  readonly vars = new Map<string, PyValue>();
  constructor(readonly parent: Scope | null) {}

  lookup(name: string): PyValue | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }
}

export const NONE: PyValue = { t: 'none' };

export function str(v: string): PyValue {
  return { t: 'str', v };
}

export function objectValue(obj: HostObject): PyValue {
  return { t: 'object', obj };
}

/** What the reader's own messages call a value: its tag, or a host object's kind. */
export function kindOf(v: PyValue): string {
  return v.t === 'object' ? v.obj.kind : v.t;
}

/** Python's type name, for TypeError messages. */
export function typeName(v: PyValue): string {
  switch (v.t) {
    case 'none':
      return 'NoneType';
    case 'object':
      return v.obj.pyTypeName;
    case 'tz':
      return 'Timezone';
    case 'symbol':
      return 'type';
    default:
      return v.t;
  }
}

/** Python truthiness, or undefined when it cannot be known statically. */
export function truthy(v: PyValue): boolean | undefined {
  switch (v.t) {
    case 'none':
      return false;
    case 'bool':
      return v.v;
    case 'int':
    case 'float':
      return v.v !== 0;
    case 'str':
      return v.v !== '';
    case 'list':
    case 'tuple':
      return v.items.length > 0;
    case 'dict':
      return v.entries.size > 0;
    case 'timedelta':
      return v.us !== 0;
    case 'opaque':
      return undefined;
    default:
      return true;
  }
}

/** The dict key of a str/int/bool/None value (its Python repr), or null for unhashable/unknown keys. */
export function dictKey(v: PyValue): string | null {
  switch (v.t) {
    case 'str':
      return JSON.stringify(v.v);
    case 'int':
      return String(v.v);
    case 'bool':
      return v.v ? '1' : '0';
    case 'none':
      return 'None';
    default:
      return null;
  }
}

export function makeDict(pairs: [PyValue, PyValue][]): PyValue {
  const entries = new Map<string, { key: PyValue; value: PyValue }>();
  for (const [key, value] of pairs) entries.set(dictKey(key) ?? `#${entries.size}`, { key, value });
  return { t: 'dict', entries };
}

/** A dict with str keys as a JS map; null when a key is not a str. */
export function strKeyed(v: PyValue & { t: 'dict' }): Map<string, PyValue> | null {
  const out = new Map<string, PyValue>();
  for (const { key, value } of v.entries.values()) {
    if (key.t !== 'str') return null;
    out.set(key.v, value);
  }
  return out;
}
