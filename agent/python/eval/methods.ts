import type { Node } from 'web-tree-sitter';
import { formatString, PY_WHITESPACE, pySplit, pySplitLines, stripChars } from './builtins.js';
import { CannotEvaluate, RaisedException } from './eval-errors.js';
import type { CallArgs, Evaluator } from './evaluator.js';
import { dictKey, makeDict, NONE, type PyValue, str, typeName } from './py-value.js';
import { strValue } from './value-text.js';

/** Methods of dicts, lists and strs; any other method cannot be followed. */
export function valueMethod(
  self: PyValue,
  name: string,
  { positional, kwargs }: CallArgs,
  node: Node,
  py: Evaluator,
): PyValue {
  if (self.t === 'dict') {
    const key = positional[0] ? dictKey(positional[0]) : null;
    if (name === 'get' && key !== null) return self.entries.get(key)?.value ?? positional[1] ?? NONE;
    if (name === 'copy') return makeDict([...self.entries.values()].map((e) => [e.key, e.value]));
    if (name === 'update') {
      const other = positional[0];
      if (other && other.t !== 'dict') throw new CannotEvaluate('dict.update() with a non-dict', node);
      for (const e of other?.t === 'dict' ? other.entries.values() : []) self.entries.set(dictKey(e.key)!, e);
      for (const [k, v] of kwargs) self.entries.set(dictKey(str(k))!, { key: str(k), value: v });
      return NONE;
    }
    if (name === 'items')
      return { t: 'list', items: [...self.entries.values()].map((e) => ({ t: 'tuple', items: [e.key, e.value] })) };
    if (name === 'keys') return { t: 'list', items: [...self.entries.values()].map((e) => e.key) };
    if (name === 'values') return { t: 'list', items: [...self.entries.values()].map((e) => e.value) };
  }
  if (self.t === 'list') {
    if (name === 'append') return (self.items.push(positional[0] ?? NONE), NONE);
    if (name === 'extend') return (self.items.push(...py.iterate(positional[0] ?? NONE, node)), NONE);
  }
  if (self.t === 'str') {
    const s = self.v;
    const args = positional.map((p) => (p.t === 'str' ? p.v : null));
    switch (name) {
      case 'upper':
        return str(s.toUpperCase());
      case 'lower':
        return str(s.toLowerCase());
      case 'strip':
      case 'lstrip':
      case 'rstrip': {
        if (positional[0] && positional[0].t !== 'none' && args[0] == null) break;
        const chars = args[0] ?? PY_WHITESPACE;
        return str(stripChars(s, chars, name !== 'rstrip', name !== 'lstrip'));
      }
      case 'partition':
      case 'rpartition': {
        const sep = args[0];
        if (sep == null || positional.length !== 1) break;
        if (sep === '') throw new RaisedException('ValueError', 'empty separator', node);
        const i = name === 'partition' ? s.indexOf(sep) : s.lastIndexOf(sep);
        const parts =
          i === -1 ? (name === 'partition' ? [s, '', ''] : ['', '', s]) : [s.slice(0, i), sep, s.slice(i + sep.length)];
        return { t: 'tuple', items: parts.map(str) };
      }
      case 'split':
      case 'rsplit': {
        const sepArg = kwargs.get('sep') ?? positional[0];
        const maxArg = kwargs.get('maxsplit') ?? positional[1];
        if (sepArg && sepArg.t !== 'none' && sepArg.t !== 'str') break;
        if (maxArg && maxArg.t !== 'int') break;
        const sep = sepArg?.t === 'str' ? sepArg.v : null;
        if (sep === '') throw new RaisedException('ValueError', 'empty separator', node);
        const max = maxArg?.t === 'int' && maxArg.v >= 0 ? maxArg.v : Number.POSITIVE_INFINITY;
        return { t: 'list', items: pySplit(s, sep, max, name === 'rsplit').map(str) };
      }
      case 'startswith':
      case 'endswith': {
        const p = positional[0];
        if (positional.length !== 1 || kwargs.size) break;
        const options =
          p?.t === 'str' ? [p.v] : p?.t === 'tuple' ? p.items.map((i) => (i.t === 'str' ? i.v : null)) : [];
        if (options.length === 0 && p?.t !== 'tuple') break;
        if (options.some((o) => o === null)) break;
        return { t: 'bool', v: options.some((o) => (name === 'startswith' ? s.startsWith(o!) : s.endsWith(o!))) };
      }
      case 'removeprefix':
        if (args[0] != null) return str(s.startsWith(args[0]!) ? s.slice(args[0]!.length) : s);
        break;
      case 'removesuffix':
        if (args[0] != null) return str(args[0] !== '' && s.endsWith(args[0]!) ? s.slice(0, -args[0]!.length) : s);
        break;
      case 'splitlines': {
        const keep = kwargs.get('keepends') ?? positional[0];
        if (keep && keep.t !== 'bool') break;
        return { t: 'list', items: pySplitLines(s, keep?.t === 'bool' && keep.v).map(str) };
      }
      case 'replace':
        if (args[0] != null && args[1] != null) return str(s.split(args[0]!).join(args[1]!));
        break;
      case 'join':
        return str(
          py
            .iterate(positional[0] ?? NONE, node)
            .map((i) => strValue(i, node))
            .join(s),
        );
      case 'format':
        return str(formatString(s, positional, kwargs, node));
    }
  }
  if (self.t === 'opaque') throw new CannotEvaluate(`${name}() on ${self.what}`, node);
  throw new CannotEvaluate(`method ${typeName(self)}.${name}()`, node);
}
