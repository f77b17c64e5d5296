import type { Node } from 'web-tree-sitter';
import { int } from '../python/eval/builtins.js';
import { datetimeValue, parseIsoDate, timedeltaValue, timezoneName } from '../python/eval/datetime-values.js';
import { CannotEvaluate } from '../python/eval/eval-errors.js';
import type { CallArgs } from '../python/eval/evaluator.js';
import { NONE, type PyValue } from '../python/eval/py-value.js';
import { US } from '../python/eval/wall-clock.js';

/** pendulum and airflow.utils date calls; null when `name` is none of them. `nowUs` is the parse time. */
export function airflowDateCall(name: string, args: CallArgs, node: Node, nowUs: number): PyValue | null {
  const { positional, kwargs } = args;
  if (name === 'pendulum.duration') return timedeltaValue(args, node);
  if (name === 'pendulum.datetime') return datetimeValue(args, node, kwargs.get('tz') ?? { t: 'tz', name: 'UTC' });
  if (name === 'pendulum.DateTime') return datetimeValue(args, node, kwargs.get('tzinfo') ?? positional[7] ?? NONE);
  // airflow.utils.timezone.datetime makes naive values aware in the default timezone (UTC).
  if (name === 'airflow.utils.timezone.datetime')
    return datetimeValue(args, node, kwargs.get('tzinfo') ?? positional[7] ?? NONE, 'UTC');
  if (name === 'pendulum.timezone' || name === 'pendulum.tz.timezone') {
    return { t: 'tz', name: timezoneName(positional[0] ?? NONE, node) };
  }
  if (name === 'airflow.utils.dates.days_ago') {
    const n = int(positional[0] ?? kwargs.get('n') ?? NONE, node);
    const day = Math.floor(nowUs / US.day) * US.day;
    return { t: 'datetime', us: day - n * US.day, tz: 'UTC' };
  }
  // "Now" is the parse time, as in Airflow, which evaluates these at every parse of the file.
  if (name === 'airflow.utils.timezone.utcnow') return { t: 'datetime', us: nowUs, tz: 'UTC' };
  if (name === 'pendulum.now')
    return { t: 'datetime', us: nowUs, tz: positional[0] ? timezoneName(positional[0], node) : 'UTC' };
  if (name === 'pendulum.today' || name === 'pendulum.yesterday') {
    const midnight = Math.floor(nowUs / US.day) * US.day;
    return { t: 'datetime', us: name === 'pendulum.today' ? midnight : midnight - US.day, tz: 'UTC' };
  }
  if (name === 'pendulum.parse' || name === 'airflow.utils.timezone.parse') {
    const s = positional[0];
    if (s?.t !== 'str') throw new CannotEvaluate(`${name}()`, node);
    return parseIsoDate(s.v, node);
  }
  return null;
}
