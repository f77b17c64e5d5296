import type { Node } from 'web-tree-sitter';
import { formatString, stripChars } from './builtins.js';
import { CannotEvaluate } from './eval-errors.js';
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
        return str(args[0] != null ? stripChars(s, args[0]!) : s.trim());
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
