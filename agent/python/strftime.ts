import { PythonException } from './exceptions.js';
import { reprStr } from './str-repr.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Python's `datetime.strftime` for a UTC instant (the directives DAG authors use; C locale). */
export function strftime(t: Date, fmt: string, micros = t.getUTCMilliseconds() * 1000): string {
  const yday = Math.floor((t.getTime() - Date.UTC(t.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
  const map: Record<string, string> = {
    Y: String(t.getUTCFullYear()),
    y: pad(t.getUTCFullYear() % 100),
    m: pad(t.getUTCMonth() + 1),
    d: pad(t.getUTCDate()),
    H: pad(t.getUTCHours()),
    I: pad(((t.getUTCHours() + 11) % 12) + 1),
    p: t.getUTCHours() < 12 ? 'AM' : 'PM',
    M: pad(t.getUTCMinutes()),
    S: pad(t.getUTCSeconds()),
    f: pad(micros, 6),
    j: pad(yday, 3),
    b: MONTHS[t.getUTCMonth()]!.slice(0, 3),
    B: MONTHS[t.getUTCMonth()]!,
    a: DAYS[t.getUTCDay()]!.slice(0, 3),
    A: DAYS[t.getUTCDay()]!,
    w: String(t.getUTCDay()),
    z: '+0000',
    Z: 'UTC',
    '%': '%',
  };
  return fmt.replace(/%(.)/g, (whole, c: string) => map[c] ?? whole);
}

/** Python's `datetime.strptime` for the numeric directives (%Y %m %d %H %M %S %y %j); ValueError as Python words it. */
export function strptime(text: string, fmt: string): Date {
  const fields: Record<string, number> = { Y: 1900, m: 1, d: 1, H: 0, M: 0, S: 0 };
  const mismatch = () =>
    new PythonException('ValueError', `time data ${reprStr(text)} does not match format ${reprStr(fmt)}`);
  let pos = 0;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c === '%' && i + 1 < fmt.length) {
      const d = fmt[++i]!;
      const width = d === 'Y' ? 4 : d === 'j' ? 3 : 2;
      const m = new RegExp(`^\\d{1,${width}}`).exec(text.slice(pos));
      if (!m || !'YmdHMSyj'.includes(d)) throw mismatch();
      const n = Number(m[0]);
      if (d === 'y') fields.Y = n < 69 ? 2000 + n : 1900 + n;
      else fields[d] = n;
      pos += m[0].length;
    } else if (text[pos] === c) pos++;
    else throw mismatch();
  }
  if (pos !== text.length) throw new PythonException('ValueError', `unconverted data remains: ${text.slice(pos)}`);
  const base = Date.UTC(
    fields.Y!,
    fields.j ? 0 : fields.m! - 1,
    fields.j ?? fields.d!,
    fields.H!,
    fields.M!,
    fields.S!,
  );
  return new Date(base);
}
