import type { Node } from 'web-tree-sitter';
import { LoopSignal, ReturnSignal } from './control-signals.js';
import { CannotEvaluate, RaisedException } from './eval-errors.js';
import { defineFunction, defineDecorated } from './functions.js';
import { importStatement } from './imports.js';
import { binaryOperator } from './operators.js';
import type { InterpreterCore } from './interpreter-core.js';
import { NONE, type PyValue, type Scope } from './py-value.js';

/** Executes one statement the way Python would, over values the reader can know. */
export function execStatement(py: InterpreterCore, node: Node, scope: Scope): void {
  switch (node.type) {
    case 'comment':
    case 'pass_statement':
    case 'future_import_statement':
    case 'global_statement':
    case 'nonlocal_statement':
      return;
    case 'import_statement':
    case 'import_from_statement':
      return importStatement(py, node, scope);
    case 'expression_statement':
      for (const child of node.namedChildren) if (child) expressionStatement(py, child, scope);
      return;
    case 'if_statement':
      return execIf(py, node, scope);
    case 'for_statement':
      return execFor(py, node, scope);
    case 'with_statement':
      return execWith(py, node, scope);
    case 'try_statement':
      return execTry(py, node, scope);
    case 'function_definition':
      return defineFunction(node, scope);
    case 'decorated_definition':
      return defineDecorated(py, node, scope);
    case 'class_definition':
      return defineClass(py, node, scope);
    case 'return_statement': {
      const value = node.namedChildren[0];
      throw new ReturnSignal(value ? py.eval(value, scope) : NONE);
    }
    case 'break_statement':
      throw new LoopSignal('break');
    case 'continue_statement':
      throw new LoopSignal('continue');
    case 'raise_statement':
      throw new RaisedException('Exception', `raised at ${node.text}`, node);
    default:
      throw new CannotEvaluate(`${node.type.replace(/_/g, ' ')}`, node);
  }
}

/** `class Name(bases):` is the host's value when built on a host class, else opaque. */
function defineClass(py: InterpreterCore, node: Node, scope: Scope): void {
  const name = node.childForFieldName('name')!.text;
  const superclasses = node.childForFieldName('superclasses');
  const bases = superclasses
    ? superclasses.namedChildren
        .filter((c): c is Node => !!c && c.type !== 'keyword_argument' && c.type !== 'comment')
        .map((c) => py.eval(c, scope))
    : [];
  const value = py.semantics.defineClass(name, bases, node.childForFieldName('body')!, node);
  scope.vars.set(name, value ?? { t: 'opaque', what: 'a class defined in the DAG file', node });
}

function expressionStatement(py: InterpreterCore, node: Node, scope: Scope): void {
  if (node.type === 'assignment') return assign(py, node, scope);
  if (node.type === 'augmented_assignment') {
    const left = node.childForFieldName('left')!;
    const op = node.childForFieldName('operator')!.text.slice(0, -1);
    const current = py.eval(left, scope);
    const value = binaryOperator(py.semantics, op, current, py.eval(node.childForFieldName('right')!, scope), node);
    return py.bind(left, value, scope);
  }
  if (node.type === 'string') return; // docstring
  py.eval(node, scope);
}

function assign(py: InterpreterCore, node: Node, scope: Scope): void {
  const right = node.childForFieldName('right');
  if (!right) return; // bare annotation `x: int`
  const value =
    right.type === 'assignment'
      ? (assign(py, right, scope), py.eval(right.childForFieldName('left')!, scope))
      : py.eval(right, scope);
  py.bind(node.childForFieldName('left')!, value, scope);
}

function execIf(py: InterpreterCore, node: Node, scope: Scope): void {
  const condition = node.childForFieldName('condition')!;
  if (py.known(py.eval(condition, scope), condition))
    return py.execBlock(node.childForFieldName('consequence')!.namedChildren, scope);
  for (const alt of node.childrenForFieldName('alternative')) {
    if (!alt) continue;
    if (alt.type === 'elif_clause') {
      const c = alt.childForFieldName('condition')!;
      if (py.known(py.eval(c, scope), c))
        return py.execBlock(alt.childForFieldName('consequence')!.namedChildren, scope);
    } else {
      return py.execBlock(alt.childForFieldName('body')!.namedChildren, scope);
    }
  }
}

function execFor(py: InterpreterCore, node: Node, scope: Scope): void {
  const right = node.childForFieldName('right')!;
  const items = py.iterate(py.eval(right, scope), right);
  const body = node.childForFieldName('body')!.namedChildren;
  let broke = false;
  for (const item of items) {
    py.bind(node.childForFieldName('left')!, item, scope);
    try {
      py.execBlock(body, scope);
    } catch (e) {
      if (!(e instanceof LoopSignal)) throw e;
      if (e.kind === 'break') {
        broke = true;
        break;
      }
    }
  }
  const alt = node.childForFieldName('alternative');
  if (!broke && alt) py.execBlock(alt.childForFieldName('body')!.namedChildren, scope);
}

function execWith(py: InterpreterCore, node: Node, scope: Scope): void {
  const clause = node.namedChildren.find((c) => c?.type === 'with_clause')!;
  const items = clause.namedChildren.filter((c): c is Node => c?.type === 'with_item');
  const entered: PyValue[] = [];
  try {
    for (const item of items) {
      let expr = item.childForFieldName('value')!;
      let target: Node | null = null;
      if (expr.type === 'as_pattern') {
        target = expr.namedChildren.find((c) => c?.type === 'as_pattern_target')?.namedChildren[0] ?? null;
        expr = expr.namedChildren[0]!;
      }
      const value = py.eval(expr, scope);
      enterContext(py, value, expr);
      entered.push(value);
      if (target) py.bind(target, value, scope);
    }
    py.execBlock(node.childForFieldName('body')!.namedChildren, scope);
  } finally {
    for (const v of entered.reverse()) if (v.t === 'object') py.semantics.exitContext(v.obj);
  }
}

/** `with` over a host object enters its context; over an imported name it does nothing the reader sees. */
function enterContext(py: InterpreterCore, value: PyValue, node: Node): void {
  if (value.t === 'object') py.semantics.enterContext(value.obj, node);
  else if (value.t === 'opaque') throw new CannotEvaluate(`with-statement on ${value.what}`, value.node);
  else if (value.t !== 'symbol') throw new CannotEvaluate('with-statement', node);
}

function execTry(py: InterpreterCore, node: Node, scope: Scope): void {
  const handlers = node.namedChildren.filter(
    (c): c is Node => c?.type === 'except_clause' || c?.type === 'except_group_clause',
  );
  const finallyClause = node.namedChildren.find((c) => c?.type === 'finally_clause');
  const elseClause = node.namedChildren.find((c) => c?.type === 'else_clause');
  try {
    let raised: RaisedException | null = null;
    try {
      py.execBlock(node.childForFieldName('body')!.namedChildren, scope);
    } catch (e) {
      if (!(e instanceof RaisedException)) throw e;
      raised = e;
    }
    if (!raised) {
      if (elseClause) py.execBlock(elseClause.childForFieldName('body')!.namedChildren, scope);
      return;
    }
    const handler = handlers.find((h) => catches(h, raised));
    if (!handler) throw raised;
    const block = handler.namedChildren.find((c) => c?.type === 'block');
    if (block) py.execBlock(block.namedChildren, scope);
  } finally {
    if (finallyClause) py.execBlock(finallyClause.namedChildren.find((c) => c?.type === 'block')!.namedChildren, scope);
  }
}

/** Whether an `except` clause names the raised exception's class (or a base the reader knows of). */
function catches(handler: Node, e: RaisedException): boolean {
  const typeNode = handler.namedChildren.find((c) => c && c.type !== 'block' && c.type !== 'comment');
  if (!typeNode) return true;
  const expr = typeNode.type === 'as_pattern' ? typeNode.namedChildren[0]! : typeNode;
  const names = expr.type === 'tuple' ? expr.namedChildren.map((c) => c!.text) : [expr.text];
  const family: Record<string, string[]> = {
    ModuleNotFoundError: ['ModuleNotFoundError', 'ImportError'],
    ImportError: ['ImportError'],
  };
  const accepted = family[e.pyClass] ?? [e.pyClass];
  return names.some(
    (n) => n === 'Exception' || n === 'BaseException' || accepted.includes(n.replace(/^builtins\./, '')),
  );
}
