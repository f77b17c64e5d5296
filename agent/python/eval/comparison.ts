import type { Node } from 'web-tree-sitter';
import { comparable } from './builtins.js';
import { CannotEvaluate } from './eval-errors.js';
import type { InterpreterCore } from './interpreter-core.js';
import type { PyValue, Scope } from './py-value.js';

/** A chain of comparisons (`a < b <= c`, `x in y`, `v is None`); opaque operands make an opaque result. */
export function compare(py: InterpreterCore, node: Node, scope: Scope): PyValue {
  const operands = node.namedChildren.filter((c): c is Node => !!c).map((c) => py.eval(c, scope));
  const ops = node.childrenForFieldName('operators').map((o) => o!.text);
  for (let i = 0; i < ops.length; i++) {
    const [a, b] = [operands[i]!, operands[i + 1]!];
    if (a.t === 'opaque' || b.t === 'opaque') return { t: 'opaque', what: 'a comparison', node };
    if (!holds(py, ops[i]!, a, b, node)) return { t: 'bool', v: false };
  }
  return { t: 'bool', v: true };
}

function holds(py: InterpreterCore, op: string, a: PyValue, b: PyValue, node: Node): boolean {
  const ka = comparable(a);
  const kb = comparable(b);
  switch (op) {
    case '==':
      return ka === kb;
    case '!=':
      return ka !== kb;
    case 'in':
    case 'not in': {
      const items =
        b.t === 'dict'
          ? [...b.entries.values()].map((e) => comparable(e.key))
          : b.t === 'str'
            ? null
            : py.iterate(b, node).map(comparable);
      const has = items === null ? a.t === 'str' && (b as { v: string }).v.includes(a.v) : items.includes(ka);
      return op === 'in' ? has : !has;
    }
    case 'is':
    case 'is not':
      return (ka === kb) === (op === 'is');
    default:
      if ((a.t === 'int' || a.t === 'float') && (b.t === 'int' || b.t === 'float'))
        return { '<': a.v < b.v, '>': a.v > b.v, '<=': a.v <= b.v, '>=': a.v >= b.v }[op as '<'] ?? false;
      throw new CannotEvaluate(`comparison ${op}`, node);
  }
}
