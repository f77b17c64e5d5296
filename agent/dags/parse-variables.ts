import type { Node } from 'web-tree-sitter';
import type { MissingVariableFacts } from '../airflow/airflow-facts.js';
import { CannotEvaluate, RaisedException } from '../python/eval/eval-errors.js';
import type { CallArgs } from '../python/eval/evaluator.js';
import { makeDict, NONE, type PyValue, str, truthy, typeName } from '../python/eval/py-value.js';
import { reprValue } from '../python/eval/value-text.js';
import { reprStr } from '../python/str-repr.js';
import { pythonFrame, type TracebackFrame } from '../python/traceback-text.js';

/**
 * What `Variable.get(key)` finds at the moment a file is parsed: a value (from `AIRFLOW_VAR_<KEY>`, the
 * stored variables or the secrets backend), nothing, or nothing because a source could not be read (Airflow
 * logs "Unable to retrieve variable from secrets backend" and goes on, so that reads as nothing too).
 */
export type VariableAnswer =
  /** `stored`: the metadata database has it (on 3.x the API server answers the parse process with it). */
  { kind: 'value'; value: string; stored?: boolean } | { kind: 'missing' } | { kind: 'unreadable'; error: string };

/** The answers a parse may use, by key. Plain data: it crosses to the reader's worker thread. */
export type ParseVariables = Readonly<Record<string, VariableAnswer>>;

/** The reader met a key it has no answer for: the caller looks it up and parses the file again. */
export class VariableNeeded extends Error {
  constructor(readonly key: string) {
    super(`variable ${key} is needed`);
  }
}

/** Answers from a variable search that says where it found the value (`VariableResolver.locate`). */
export function answersFrom(search: {
  locate(key: string): Promise<{ value: string; source: string } | null>;
}): (key: string) => Promise<VariableAnswer> {
  return async (key) => {
    const found = await search.locate(key);
    return found ? { kind: 'value', value: found.value, stored: found.source === 'store' } : { kind: 'missing' };
  };
}

/** Which `Variable` class a dotted name's `get` belongs to. */
export function variableGetOf(dotted: string): 'models' | 'sdk' | null {
  if (dotted === 'airflow.models.Variable.get' || dotted === 'airflow.models.variable.Variable.get') return 'models';
  if (dotted === 'airflow.sdk.Variable.get' || dotted === 'airflow.sdk.definitions.variable.Variable.get') return 'sdk';
  return null;
}

/** A missing variable's exception, with the frames Airflow's code adds below the DAG file's call. */
export class MissingVariable extends RaisedException {
  constructor(
    facts: MissingVariableFacts,
    key: string,
    node: Node,
    readonly innerFrames: TracebackFrame[],
    hint?: string,
  ) {
    const line = expandException(facts.exception, key);
    const colon = line.indexOf(': ');
    super(line.slice(0, colon), line.slice(colon + 2), node, hint);
  }
}

/** `{key}` is the key; `⟨…⟩` the repr of the text inside. */
function expandException(template: string, key: string): string {
  return template
    .replace(/⟨([^⟩]*)⟩/g, (_m, inner: string) => reprStr(inner.replaceAll('{key}', key)))
    .replaceAll('{key}', key);
}

export interface VariableGetContext {
  answers: ParseVariables | undefined;
  /** The version warns when a stored variable's JSON is not a string (see ParseVariableFacts). */
  storedJsonWarning: boolean;
  warn: (category: string, message: string, node: Node) => void;
  missing: MissingVariableFacts | null;
  sitePackages: string;
  /** Records the answer used (the registry re-parses the file when it changes). */
  used: (key: string, answer: VariableAnswer) => void;
}

/**
 * `Variable.get(key, default_var=…/default=…, deserialize_json=…)` as Airflow's class of that name binds
 * its arguments: `airflow.models.Variable` takes `default_var`, the Task SDK's `default`.
 */
export function variableGet(cls: 'models' | 'sdk', args: CallArgs, node: Node, ctx: VariableGetContext): PyValue {
  const params = ['key', cls === 'models' ? 'default_var' : 'default', 'deserialize_json'];
  if (cls === 'models') params.push('team_name');
  const bound = new Map<string, PyValue>();
  if (args.positional.length > params.length)
    throw new RaisedException(
      'TypeError',
      `Variable.get() takes from 2 to ${params.length + 1} positional arguments but ${args.positional.length + 1} were given`,
      node,
    );
  args.positional.forEach((v, i) => bound.set(params[i]!, v));
  for (const [k, v] of args.kwargs) {
    if (!params.includes(k))
      throw new RaisedException('TypeError', `Variable.get() got an unexpected keyword argument '${k}'`, node);
    if (bound.has(k))
      throw new RaisedException('TypeError', `Variable.get() got multiple values for argument '${k}'`, node);
    bound.set(k, v);
  }
  const key = bound.get('key');
  if (!key)
    throw new RaisedException('TypeError', "Variable.get() missing 1 required positional argument: 'key'", node);
  if (key.t !== 'str') throw new CannotEvaluate(`Variable.get of a ${key.t} key`, node);
  const answer = ctx.answers?.[key.v];
  if (!answer) throw new VariableNeeded(key.v);
  ctx.used(key.v, answer);
  const json = bound.get('deserialize_json');
  const deserialize = json ? truthy(json) : false;
  if (deserialize === undefined) throw new CannotEvaluate('Variable.get with an unknown deserialize_json', node);
  if (answer.kind === 'value') {
    if (!deserialize) return str(answer.value);
    const value = jsonLoads(answer.value, node);
    if (ctx.storedJsonWarning && answer.stored && value.t !== 'str')
      ctx.warn('UserWarning', pydanticStrWarning(value, node), node);
    return value;
  }
  const fallback = bound.get(cls === 'models' ? 'default_var' : 'default');
  if (fallback) return fallback;
  if (!ctx.missing) throw new CannotEvaluate(`${cls === 'sdk' ? 'airflow.sdk.' : ''}Variable.get`, node);
  const frames = ctx.missing.frames.map((f) => pythonFrame({ ...f, file: `${ctx.sitePackages}/${f.file}` }));
  const hint =
    answer.kind === 'unreadable'
      ? `mwaa-agent: the variables could not be read (${answer.error}); Airflow reads that as no variable`
      : undefined;
  throw new MissingVariable(ctx.missing, key.v, node, frames, hint);
}

/**
 * 3.0's `VariableResult.model_dump()` of a deserialized value (typed `str`): pydantic's serializer warning,
 * whose input repr is cut to its first 25 and last 24 characters past 50.
 */
function pydanticStrWarning(value: PyValue, node: Node): string {
  const repr = reprValue(value, node);
  const shown = repr.length > 50 ? `${repr.slice(0, 25)}...${repr.slice(-24)}` : repr;
  return `Pydantic serializer warnings:\n  PydanticSerializationUnexpectedValue(Expected \`str\` - serialized value may not be as expected [input_value=${shown}, input_type=${typeName(value)}])`;
}

/** `json.loads` of a variable's value, as Python values. */
function jsonLoads(text: string, node: Node): PyValue {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    // CPython's position wording differs from V8's; the class is Python's.
    throw new RaisedException('json.decoder.JSONDecodeError', (e as Error).message, node);
  }
  return fromJson(parsed);
}

function fromJson(v: unknown): PyValue {
  if (v === null) return NONE;
  if (typeof v === 'boolean') return { t: 'bool', v };
  if (typeof v === 'number') return Number.isInteger(v) ? { t: 'int', v } : { t: 'float', v };
  if (typeof v === 'string') return str(v);
  if (Array.isArray(v)) return { t: 'list', items: v.map(fromJson) };
  return makeDict(Object.entries(v as Record<string, unknown>).map(([k, x]) => [str(k), fromJson(x)]));
}
