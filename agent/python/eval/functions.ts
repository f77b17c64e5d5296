import type { Node } from 'web-tree-sitter';
import { ReturnSignal } from './control-signals.js';
import { CannotEvaluate, RaisedException } from './eval-errors.js';
import type { CallArgs } from './evaluator.js';
import type { InterpreterCore } from './interpreter-core.js';
import { type Decoration, type FunctionValue, NONE, type PyValue, Scope } from './py-value.js';

/** `def f(…):` binds a function value closing over the defining scope. */
export function defineFunction(node: Node, scope: Scope): void {
  scope.vars.set(node.childForFieldName('name')!.text, { t: 'function', node, decorator: null, closure: scope });
}

/**
 * A decorated definition: the first decorator the host recognises is kept with the function; a decorator
 * it does not know makes the name opaque (the reader cannot know what it returns), as does a decorated class.
 */
export function defineDecorated(py: InterpreterCore, node: Node, scope: Scope): void {
  const def = node.childForFieldName('definition')!;
  const name = def.childForFieldName('name')!.text;
  if (def.type !== 'function_definition') {
    scope.vars.set(name, { t: 'opaque', what: 'a decorated class', node });
    return;
  }
  let decorator: Decoration | null = null;
  for (const d of node.namedChildren.filter((c): c is Node => c?.type === 'decorator')) {
    const found = recognise(py, d.namedChildren[0]!, scope);
    if (!found) {
      scope.vars.set(name, { t: 'opaque', what: `a function decorated with ${d.text}`, node: d });
      return;
    }
    decorator ??= found;
  }
  scope.vars.set(name, { t: 'function', node: def, decorator, closure: scope });
}

/** What the host makes of `@expr` / `@expr(…)`; null when it is not a decorator the host knows. */
function recognise(py: InterpreterCore, expr: Node, scope: Scope): Decoration | null {
  const head = expr.type === 'call' ? expr.childForFieldName('function')! : expr;
  const value = py.eval(head, scope);
  if (value.t !== 'symbol') return null;
  const kwargs =
    expr.type === 'call' ? py.evalArgs(expr.childForFieldName('arguments'), scope).kwargs : new Map<string, PyValue>();
  return py.semantics.decorator(value.name, kwargs, expr);
}

/** Binds the parameters of a function defined in the file in a fresh scope and runs its body. */
export function runFunction(
  py: InterpreterCore,
  fn: FunctionValue,
  { positional, kwargs }: CallArgs,
  node: Node,
  extra?: Map<string, PyValue>,
): PyValue {
  const local = new Scope(fn.closure);
  const params = fn.node.childForFieldName('parameters')!.namedChildren.filter((p): p is Node => !!p);
  let i = 0;
  for (const p of params) {
    if (p.type === 'identifier' || p.type === 'typed_parameter') {
      const pname = p.type === 'identifier' ? p.text : p.namedChildren[0]!.text;
      const v = i < positional.length ? positional[i++] : (kwargs.get(pname) ?? extra?.get(pname));
      if (v === undefined)
        throw new RaisedException(
          'TypeError',
          `${fn.node.childForFieldName('name')!.text}() missing 1 required positional argument: '${pname}'`,
          node,
        );
      local.vars.set(pname, v);
    } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
      const pname = p.childForFieldName('name')!.text;
      const v =
        i < positional.length
          ? positional[i++]!
          : (kwargs.get(pname) ?? extra?.get(pname) ?? py.eval(p.childForFieldName('value')!, fn.closure));
      local.vars.set(pname, v);
    } else if (p.type !== 'keyword_separator' && p.type !== 'positional_separator') {
      throw new CannotEvaluate(`${p.type.replace(/_/g, ' ')} of a function`, p);
    }
  }
  try {
    py.execBlock(fn.node.childForFieldName('body')!.namedChildren, local);
  } catch (e) {
    if (e instanceof ReturnSignal) return e.value;
    throw e;
  }
  return NONE;
}

/** Parameter defaults of a function (an `@dag` function's params). */
export function parameterDefaults(py: InterpreterCore, fn: FunctionValue): Map<string, PyValue> {
  const out = new Map<string, PyValue>();
  for (const p of fn.node.childForFieldName('parameters')!.namedChildren) {
    if (p && (p.type === 'default_parameter' || p.type === 'typed_default_parameter')) {
      out.set(p.childForFieldName('name')!.text, py.eval(p.childForFieldName('value')!, fn.closure));
    }
  }
  return out;
}
