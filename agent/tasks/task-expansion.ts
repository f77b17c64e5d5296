import type { TaskMapping, TaskSpec, XComArgJson } from '../dags/dag-model.js';

/**
 * How many task instances a mapped task expands to, and the arguments of each: Airflow's expand inputs
 * (DictOfListsExpandInput: the product of the mapped lists, the last keyword varying fastest;
 * ListOfDictsExpandInput: one instance per dict), over literals and the values upstream tasks pushed.
 */

/** The `return_value` an upstream task instance pushed (parsed JSON), or undefined when it pushed none. */
export type PushedValue = (taskId: string) => unknown;

/** An expansion Airflow cannot make: the mapped task instance fails (or, upstream not pushed, upstream_failed). */
export class ExpansionError extends Error {}

/** The referenced value is not there yet (Airflow's NotFullyPopulated). */
export class NotFullyPopulated extends Error {}

/** The XComArg reference's value: a plain one's pushed value, a zip/concat of several. */
function resolveXComArg(ref: XComArgJson, pushed: PushedValue): unknown[] {
  if ('xcom_arg' in ref) {
    const v = pushed(ref.xcom_arg.task_id);
    if (v === undefined || v === null) throw new NotFullyPopulated(ref.xcom_arg.task_id);
    return asSequence(v);
  }
  if ('xcom_arg_zip' in ref) {
    const parts = ref.xcom_arg_zip.map((r) => resolveXComArg(r, pushed));
    const length = Math.min(...parts.map((p) => p.length));
    return Array.from({ length }, (_, i) => parts.map((p) => p[i]));
  }
  if ('xcom_arg_concat' in ref) return ref.xcom_arg_concat.flatMap((r) => resolveXComArg(r, pushed));
  throw new ExpansionError(
    'mapping over .map() of an XComArg needs its Python callable, which mwaa-agent does not run',
  );
}

/** A pushed value as the sequence Airflow maps over: a list, or a dict's (key, value) items. */
function asSequence(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v !== null && typeof v === 'object') return Object.entries(v);
  throw new ExpansionError(`unmappable return type ${pyTypeName(v)}`);
}

function pyTypeName(v: unknown): string {
  if (typeof v === 'string') return "'str'";
  if (typeof v === 'boolean') return "'bool'";
  if (typeof v === 'number') return Number.isInteger(v) ? "'int'" : "'float'";
  return "'NoneType'";
}

function isXComArgJson(v: unknown): v is XComArgJson {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && /^xcom_arg(_map|_zip|_concat)?$/.test(keys[0]!);
}

/** One mapped argument's items: a literal list, a literal dict's items, or an upstream's pushed value. */
function itemsOf(v: unknown, pushed: PushedValue): unknown[] {
  if (isXComArgJson(v)) return resolveXComArg(v, pushed);
  return asSequence(v);
}

/** The expansion's items: per map index, the keyword arguments it adds to the partial ones. */
export function expandedArguments(mapping: TaskMapping, pushed: PushedValue): Record<string, unknown>[] {
  if (mapping.input === 'ListOfDictsExpandInput') {
    const list = isXComArgJson(mapping.value) ? resolveXComArg(mapping.value, pushed) : (mapping.value as unknown[]);
    return list.map((item) => {
      const dict = isXComArgJson(item) ? pushedDict(item, pushed) : item;
      if (dict === null || typeof dict !== 'object' || Array.isArray(dict))
        throw new ExpansionError(`expand_kwargs() expects a list[dict], not list[${pyTypeName(dict).slice(1, -1)}]`);
      return dict as Record<string, unknown>;
    });
  }
  const keys = Object.entries(mapping.value as Record<string, unknown>);
  const lists = keys.map(([k, v]) => [k, itemsOf(v, pushed)] as const);
  const total = lists.reduce((n, [, items]) => n * items.length, 1);
  return Array.from({ length: total }, (_, index) => {
    const args: Record<string, unknown> = {};
    let rest = index;
    for (let i = lists.length - 1; i >= 0; i--) {
      const [k, items] = lists[i]!;
      args[k] = items[rest % items.length];
      rest = Math.floor(rest / items.length);
    }
    return args;
  });
}

function pushedDict(ref: XComArgJson, pushed: PushedValue): unknown {
  if (!('xcom_arg' in ref)) throw new ExpansionError('expand_kwargs() over a derived XComArg item');
  const v = pushed(ref.xcom_arg.task_id);
  if (v === undefined) throw new NotFullyPopulated(ref.xcom_arg.task_id);
  return v;
}

/** The task as one mapped instance runs it: the partial arguments with that instance's mapped ones. */
export function mappedTask(task: TaskSpec, args: Record<string, unknown>): TaskSpec {
  return { ...task, args: { ...task.args, ...args } };
}

/** The upstream task ids whose pushed values a mapping reads. */
export function mappingSources(mapping: TaskMapping): string[] {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (isXComArgJson(v)) {
      if ('xcom_arg' in v) out.add(v.xcom_arg.task_id);
      else if ('xcom_arg_map' in v) walk(v.xcom_arg_map.arg);
      else for (const r of 'xcom_arg_zip' in v ? v.xcom_arg_zip : v.xcom_arg_concat) walk(r);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(mapping.value);
  return [...out];
}
