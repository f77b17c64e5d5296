/**
 * Airflow's `airflow.utils.yaml.dump(value)` — PyYAML's `yaml.dump` with CSafeDumper (libyaml's emitter:
 * block style, sorted keys, indent 2, width 80, no unicode) — of JSON-like values made of str, None, lists
 * and dicts with str keys: what Airflow's CLI prints for `-o yaml`. A port of the parts of PyYAML's
 * emitter.py (libyaml's where they differ) and resolver.py those values reach: the implicit resolvers that
 * force quotes, `analyze_scalar`, `choose_scalar_style`, and the plain, single- and double-quoted writers
 * with their line folding. No library does this: npm's `yaml` and `js-yaml` quote and fold by other rules.
 * Keys longer than 128 characters (PyYAML's `? key` form) are written as simple keys.
 */
export function pyYamlDump(value: YamlValue): string {
  const e = new Emitter();
  e.node(value, { root: true, mapping: false, simpleKey: false });
  e.lineBreak();
  return e.out;
}

export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue };

/** resolver.py's implicit resolvers: a string matching one would read back as another type, so it is quoted. */
const IMPLICIT = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  /^(?:=)$/,
];

/** Python's `re.match(r'…$')`: `$` also matches before one trailing newline. */
const resolvesImplicitly = (s: string) =>
  IMPLICIT.some((re) => re.test(s) || (s.endsWith('\n') && re.test(s.slice(0, -1))));

const BREAKS = '\n\x85\u2028\u2029';
const WHITESPACE = `\0 \t\r${BREAKS}`;

interface Analysis {
  empty: boolean;
  multiline: boolean;
  plain: boolean;
  singleQuoted: boolean;
}

/** emitter.py's `analyze_scalar` (block context: flow-plain is never asked for). */
function analyze(s: string): Analysis {
  if (s === '') return { empty: true, multiline: false, plain: true, singleQuoted: true };
  let blockIndicators = s.startsWith('---') || s.startsWith('...');
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let followedByWhitespace = s.length === 1 || WHITESPACE.includes(s[1]!);
  let previousSpace = false;
  let previousBreak = false;
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      if ('?:'.includes(ch) && followedByWhitespace) blockIndicators = true;
      if (ch === '-' && followedByWhitespace) blockIndicators = true;
    } else {
      if (ch === ':' && followedByWhitespace) blockIndicators = true;
      if (ch === '#' && precededByWhitespace) blockIndicators = true;
    }
    if (BREAKS.includes(ch)) lineBreaks = true;
    if (!(ch === '\n' || (ch >= '\x20' && ch <= '\x7e'))) special = true; // allow_unicode is False
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (BREAKS.includes(ch)) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = WHITESPACE.includes(ch);
    followedByWhitespace = i + 2 >= chars.length || WHITESPACE.includes(chars[i + 2]!);
  }
  let plain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak);
  let singleQuoted = true;
  if (breakSpace) plain = singleQuoted = false;
  if (spaceBreak || special) plain = singleQuoted = false;
  if (lineBreaks || blockIndicators) plain = false;
  return { empty: false, multiline: lineBreaks, plain, singleQuoted };
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\x08': 'b',
  '\x09': 't',
  '\x0a': 'n',
  '\x0b': 'v',
  '\x0c': 'f',
  '\x0d': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\x85': 'N',
  '\xa0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

interface Context {
  root: boolean;
  mapping: boolean;
  simpleKey: boolean;
}

/** The emitter's writing state: `column`, `whitespace`, `indention` and the indent stack, as emitter.py keeps them. */
class Emitter {
  out = '';
  column = 0;
  whitespace = true;
  indention = true;
  indent: number | null = null;
  readonly #indents: (number | null)[] = [];
  readonly #width = 80;

  write(data: string): void {
    this.out += data;
    this.column += [...data].length;
  }

  lineBreak(): void {
    this.out += '\n';
    this.whitespace = true;
    this.indention = true;
    this.column = 0;
  }

  writeIndent(): void {
    const indent = this.indent ?? 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.lineBreak();
    if (this.column < indent) {
      this.whitespace = true;
      this.write(' '.repeat(indent - this.column));
    }
  }

  indicator(indicator: string, needWhitespace: boolean, whitespace = false, indention = false): void {
    const data = this.whitespace || !needWhitespace ? indicator : ` ${indicator}`;
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
    this.write(data);
  }

  increaseIndent(indentless = false, flow = false): void {
    this.#indents.push(this.indent);
    if (this.indent === null) this.indent = flow ? 2 : 0;
    else if (!indentless) this.indent += 2;
  }

  popIndent(): void {
    this.indent = this.#indents.pop() ?? null;
  }

  node(value: YamlValue, ctx: Context): void {
    if (Array.isArray(value)) {
      if (value.length === 0) return this.#emptyFlow('[', ']');
      const indentless = ctx.mapping && !this.indention;
      this.increaseIndent(indentless);
      for (const item of value) {
        this.writeIndent();
        this.indicator('-', true, false, true);
        this.node(item, { root: false, mapping: false, simpleKey: false });
      }
      this.popIndent();
      return;
    }
    if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value).sort(comparePyStr);
      if (keys.length === 0) return this.#emptyFlow('{', '}');
      this.increaseIndent();
      for (const key of keys) {
        this.writeIndent();
        this.scalar(key, { root: false, mapping: true, simpleKey: true });
        this.indicator(':', false);
        this.node(value[key]!, { root: false, mapping: true, simpleKey: false });
      }
      this.popIndent();
      return;
    }
    this.scalar(value ?? 'null', ctx, value === null);
  }

  #emptyFlow(open: string, close: string): void {
    this.indicator(open, true, true);
    this.indicator(close, false);
  }

  /** `expect_scalar`: the scalar written one indent deeper (where its folded lines continue). */
  scalar(text: string, ctx: Context, isNull = false): void {
    this.increaseIndent(false, true);
    this.#processScalar(text, ctx, isNull);
    this.popIndent();
  }

  /** `process_scalar` with `choose_scalar_style`; None is the plain `null` its representer writes. */
  #processScalar(text: string, ctx: Context, isNull: boolean): void {
    if (isNull) return this.#plain(text, false);
    const a = analyze(text);
    const implicit = !resolvesImplicitly(text);
    if (implicit && !(ctx.simpleKey && (a.empty || a.multiline)) && a.plain) return this.#plain(text, !ctx.simpleKey);
    if (a.singleQuoted && !(ctx.simpleKey && a.multiline)) return this.#singleQuoted(text, !ctx.simpleKey);
    this.#doubleQuoted(text, !ctx.simpleKey);
  }

  #plain(text: string, split: boolean): void {
    if (text === '') return;
    if (!this.whitespace) this.write(' ');
    this.whitespace = false;
    this.indention = false;
    const chars = [...text];
    let spaces = false;
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = chars[end];
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > this.#width && split) {
            this.writeIndent();
            this.whitespace = false;
            this.indention = false;
          } else this.write(chars.slice(start, end).join(''));
          start = end;
        }
      } else if (ch === undefined || ` ${BREAKS}`.includes(ch)) {
        this.write(chars.slice(start, end).join(''));
        start = end;
      }
      if (ch !== undefined) spaces = ch === ' ';
    }
  }

  #singleQuoted(text: string, split: boolean): void {
    this.indicator("'", true);
    const chars = [...text];
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = chars[end];
      if (spaces) {
        if (ch === undefined || ch !== ' ') {
          if (start + 1 === end && this.column > this.#width && split && start !== 0 && end !== chars.length)
            this.writeIndent();
          else this.write(chars.slice(start, end).join(''));
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          if (chars[start] === '\n') this.lineBreak();
          for (const br of chars.slice(start, end)) {
            if (br === '\n') this.lineBreak();
            else {
              this.out += br;
              this.whitespace = true;
              this.indention = true;
              this.column = 0;
            }
          }
          this.writeIndent();
          start = end;
        }
      } else if (ch === undefined || ` ${BREAKS}'`.includes(ch)) {
        if (start < end) {
          this.write(chars.slice(start, end).join(''));
          start = end;
        }
      }
      if (ch === "'") {
        this.write("''");
        start = end + 1;
      }
      if (ch !== undefined) {
        spaces = ch === ' ';
        breaks = BREAKS.includes(ch);
      }
    }
    this.indicator("'", false);
  }

  /**
   * libyaml's `yaml_emitter_write_double_quoted` (Airflow dumps with CSafeDumper, PyYAML's C emitter, whose
   * folding differs from emitter.py's here): a single space past the width becomes the line break.
   */
  #doubleQuoted(text: string, split: boolean): void {
    this.indicator('"', true);
    const chars = [...text];
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]!;
      if (!(ch >= '\x20' && ch <= '\x7e') || ch === '"' || ch === '\\') {
        const code = ch.codePointAt(0)!;
        const hex = code.toString(16).toUpperCase();
        this.write(
          ch in ESCAPES
            ? `\\${ESCAPES[ch]}`
            : code <= 0xff
              ? `\\x${hex.padStart(2, '0')}`
              : code <= 0xffff
                ? `\\u${hex.padStart(4, '0')}`
                : `\\U${hex.padStart(8, '0')}`,
        );
        spaces = false;
      } else if (ch === ' ') {
        if (split && !spaces && this.column > this.#width && i !== 0 && i !== chars.length - 1) {
          this.writeIndent();
          if (chars[i + 1] === ' ') this.write('\\');
        } else this.write(ch);
        spaces = true;
      } else {
        this.write(ch);
        spaces = false;
      }
    }
    this.indicator('"', false);
  }
}

/** Python's ordering of str keys (`sorted`): by code point, not by UTF-16 unit. */
function comparePyStr(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
