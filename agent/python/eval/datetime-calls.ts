import type { Node } from 'web-tree-sitter';
import type { CallArgs } from './evaluator.js';
import { NONE, type PyValue } from './py-value.js';
import { datetimeValue, timedeltaValue, timezoneName } from './datetime-values.js';

/** Calls of the `datetime` module (`timedelta`, `datetime`, `datetime.now()`…); null when `name` is none of them. */
export function datetimeCall(name: string, args: CallArgs, node: Node, nowUs: number): PyValue | null {
  const { positional, kwargs } = args;
  if (name === 'datetime.timedelta' || name === 'datetime.datetime.timedelta') return timedeltaValue(args, node);
  if (name === 'datetime.datetime') return datetimeValue(args, node, kwargs.get('tzinfo') ?? positional[7] ?? NONE);
  // "Now" is the parse time, as in Airflow, which evaluates these at every parse of the file. The agent's
  // process runs in UTC like MWAA's workers, so naive local times are UTC wall-clock times.
  if (name === 'datetime.datetime.now' || name === 'datetime.datetime.today' || name === 'datetime.datetime.utcnow') {
    const tzArg = positional[0] ?? kwargs.get('tz');
    if (!tzArg || tzArg.t === 'none' || name !== 'datetime.datetime.now') return { t: 'datetime', us: nowUs, tz: null };
    return { t: 'datetime', us: nowUs, tz: timezoneName(tzArg, node) };
  }
  return null;
}
