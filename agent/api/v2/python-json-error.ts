/**
 * Where and why Python's `json.loads` (CPython 3.11/3.12) refuses a text that JSON.parse refused too, as
 * FastAPI reports it: `{"type": "json_invalid", "loc": ["body", pos], "msg": "JSON decode error", "ctx":
 * {"error": msg}}`. Positions count code points, as Python's str does. Only called on texts JSON.parse
 * rejected, so it needs to find the first error, not to build values.
 */
export interface PythonJsonError {
  msg: string;
  pos: number;
}

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/;

class Stop {
  constructor(readonly error: PythonJsonError) {}
}

export function pythonJsonError(text: string): PythonJsonError | null {
  const s = [...text];
  const fail = (msg: string, pos: number): never => {
    throw new Stop({ msg, pos });
  };
  const skip = (i: number): number => {
    while (i < s.length && WS.has(s[i]!)) i++;
    return i;
  };

  const string = (start: number): number => {
    // s[start] is the opening quote.
    let i = start + 1;
    for (;;) {
      if (i >= s.length) fail('Unterminated string starting at', start);
      const c = s[i]!;
      if (c === '"') return i + 1;
      if (c === '\\') {
        const e = s[i + 1];
        if (e === undefined) fail('Unterminated string starting at', start);
        if (e === 'u') {
          const hex = s.slice(i + 2, i + 6).join('');
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('Invalid \\uXXXX escape', i + 1);
          i += 6;
        } else if ('"\\/bfnrt'.includes(e!)) i += 2;
        else fail('Invalid \\escape', i);
        continue;
      }
      if (c.codePointAt(0)! < 0x20) fail('Invalid control character at', i);
      i++;
    }
  };

  const value = (i: number, depth: number): number => {
    const c = s[i];
    if (c === '"') return string(i);
    if (c === '{') return object(i + 1, depth + 1);
    if (c === '[') return array(i + 1, depth + 1);
    for (const word of ['null', 'true', 'false', 'NaN', 'Infinity', '-Infinity']) {
      if (s.slice(i, i + word.length).join('') === word) return i + word.length;
    }
    const m = NUMBER.exec(s.slice(i, i + 400).join(''));
    if (m) return i + [...m[0]].length;
    return fail('Expecting value', i);
  };

  const object = (i: number, depth: number): number => {
    i = skip(i);
    if (s[i] === '}') return i + 1;
    for (;;) {
      if (s[i] !== '"') fail('Expecting property name enclosed in double quotes', i);
      i = skip(string(i));
      if (s[i] !== ':') fail("Expecting ':' delimiter", i);
      i = skip(value(skip(i + 1), depth));
      if (s[i] === '}') return i + 1;
      if (s[i] !== ',') fail("Expecting ',' delimiter", i);
      i = skip(i + 1);
    }
  };

  const array = (i: number, depth: number): number => {
    i = skip(i);
    if (s[i] === ']') return i + 1;
    for (;;) {
      i = skip(value(i, depth));
      if (s[i] === ']') return i + 1;
      if (s[i] !== ',') fail("Expecting ',' delimiter", i);
      i = skip(i + 1);
    }
  };

  try {
    const end = skip(value(skip(0), 0));
    if (end !== s.length) fail('Extra data', end);
    return null;
  } catch (e) {
    if (e instanceof Stop) return e.error;
    throw e;
  }
}
