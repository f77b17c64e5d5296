/**
 * Python-flavoured values for Jinja templates: exceptions with their Python class name (so the task log's
 * traceback ends as Airflow's does), `str()` of values, and a pendulum-like datetime.
 */

/** An error raised "in Python": `pyClass` is the qualified exception class printed in tracebacks. */
export class PythonException extends Error {
  readonly pyClass: string;

  constructor(pyClass: string, message: string) {
    super(message);
    this.name = pyClass;
    this.pyClass = pyClass;
  }
}

/** Jinja's StrictUndefined: any use other than `is defined`/`default` raises UndefinedError with `hint`. */
export class StrictUndefined {
  constructor(readonly hint: string) {}

  error(): PythonException {
    return new PythonException('jinja2.exceptions.UndefinedError', this.hint);
  }

  toString(): string {
    throw this.error();
  }
}

/** Python's `repr()` of a str: single quotes unless the text holds `'` and no `"`. */
export function pyRepr(value: unknown): string {
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const body = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
    return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote;
  }
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
      .join(', ')}}`;
  }
  return pyStr(value);
}

/** Python's `str()`: True/False/None, lists and dicts in repr form. */
export function pyStr(value: unknown): string {
  if (value instanceof StrictUndefined) throw value.error();
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return pyRepr(value);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return pyRepr(value);
  return String(value);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
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

/** Python's `strftime` for a UTC instant (the directives DAG authors use). */
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

/** Python's `strptime` for the numeric directives (%Y %m %d %H %M %S %y %j); throws ValueError like Python. */
export function strptime(text: string, fmt: string): Date {
  const fields: Record<string, number> = { Y: 1900, m: 1, d: 1, H: 0, M: 0, S: 0 };
  let pos = 0;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c === '%' && i + 1 < fmt.length) {
      const d = fmt[++i]!;
      const width = d === 'Y' ? 4 : d === 'j' ? 3 : 2;
      const m = new RegExp(`^\\d{1,${width}}`).exec(text.slice(pos));
      if (!m || !'YmdHMSyj'.includes(d))
        throw new PythonException('ValueError', `time data ${pyRepr(text)} does not match format ${pyRepr(fmt)}`);
      const n = Number(m[0]);
      if (d === 'y') fields.Y = n < 69 ? 2000 + n : 1900 + n;
      else fields[d] = n;
      pos += m[0].length;
    } else if (text[pos] === c) pos++;
    else throw new PythonException('ValueError', `time data ${pyRepr(text)} does not match format ${pyRepr(fmt)}`);
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
