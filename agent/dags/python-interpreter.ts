import type { Node } from 'web-tree-sitter';
import type { AirflowCalls } from './airflow-calls.js';
import { decodeEscapes, parseIntLiteral, strValue } from './python-literals.js';
import {
  CannotEvaluate,
  NONE,
  PyException,
  Scope,
  dictKey,
  makeDict,
  str,
  truthy,
  typeName,
  type FunctionDecorator,
  type PyValue,
} from './python-values.js';

class ReturnSignal {
  constructor(readonly value: PyValue) {}
}
class LoopSignal {
  constructor(readonly kind: 'break' | 'continue') {}
}

const MAX_STEPS = 200_000;
const MAX_DEPTH = 50;

/** Python builtins a DAG file may call or name without the reader losing track. */
const BUILTIN_NAMES = new Set([
  'print',
  'len',
  'range',
  'str',
  'int',
  'float',
  'bool',
  'list',
  'dict',
  'tuple',
  'set',
  'sorted',
  'enumerate',
  'zip',
  'min',
  'max',
  'sum',
  'abs',
  'isinstance',
  'open',
  'Exception',
  'ImportError',
  'ModuleNotFoundError',
  'ValueError',
  'KeyError',
  'TypeError',
  'AttributeError',
  'RuntimeError',
  'NameError',
  'OSError',
  'object',
  'repr',
  'getattr',
  'hasattr',
  'reversed',
  'any',
  'all',
  'map',
  'filter',
  'round',
  'frozenset',
  'type',
  'super',
  'format',
  'iter',
  'next',
]);

/**
 * Walks a module's statements the way Python would execute them, over values the reader can know.
 * Airflow-specific calls (DAG, operators, dependencies, dates) are delegated to {@link AirflowCalls}.
 */
export class PythonInterpreter {
  readonly globals = new Scope(null);
  /** Set by `from x import *`: unknown names are then opaque rather than NameError. */
  starImported = false;
  calls!: AirflowCalls;
  #steps = 0;
  #depth = 0;

  constructor(moduleName: string, fileName: string) {
    this.globals.vars.set('__name__', str(moduleName));
    this.globals.vars.set('__file__', str(fileName));
  }

  runModule(root: Node): void {
    const first = root.namedChildren.find((c) => c?.type !== 'comment');
    const docstring =
      first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string'
        ? first.namedChildren[0]
        : null;
    this.globals.vars.set('__doc__', docstring ? this.eval(docstring, this.globals) : NONE);
    this.execBlock(root.namedChildren, this.globals);
  }

  execBlock(stmts: (Node | null)[], scope: Scope): void {
    for (const s of stmts) if (s) this.exec(s, scope);
  }

  exec(node: Node, scope: Scope): void {
    // A budget, so a file whose loops or recursion run away fails fast instead of stalling the agent.
    if (++this.#steps > MAX_STEPS)
      throw new CannotEvaluate(`more than ${MAX_STEPS} statements (a loop or recursion too large to follow)`, node);
    switch (node.type) {
      case 'comment':
      case 'pass_statement':
      case 'future_import_statement':
      case 'global_statement':
      case 'nonlocal_statement':
        return;
      case 'import_statement':
      case 'import_from_statement':
        return this.calls.importStatement(node, scope);
      case 'expression_statement':
        for (const child of node.namedChildren) if (child) this.evalStatementExpression(child, scope);
        return;
      case 'if_statement':
        return this.execIf(node, scope);
      case 'for_statement':
        return this.execFor(node, scope);
      case 'with_statement':
        return this.execWith(node, scope);
      case 'try_statement':
        return this.execTry(node, scope);
      case 'function_definition':
        scope.vars.set(this.text(node.childForFieldName('name')!), {
          t: 'function',
          node,
          decorator: null,
          closure: scope,
        });
        return;
      case 'decorated_definition':
        return this.execDecorated(node, scope);
      case 'class_definition':
        scope.vars.set(this.text(node.childForFieldName('name')!), {
          t: 'opaque',
          what: 'a class defined in the DAG file',
          node,
        });
        return;
      case 'return_statement': {
        const value = node.namedChildren[0];
        throw new ReturnSignal(value ? this.eval(value, scope) : NONE);
      }
      case 'break_statement':
        throw new LoopSignal('break');
      case 'continue_statement':
        throw new LoopSignal('continue');
      case 'raise_statement':
        throw new PyException('Exception', `raised at ${node.text}`, node);
      default:
        throw new CannotEvaluate(`${node.type.replace(/_/g, ' ')}`, node);
    }
  }

  private evalStatementExpression(node: Node, scope: Scope): void {
    if (node.type === 'assignment') return this.assign(node, scope);
    if (node.type === 'augmented_assignment') {
      const left = node.childForFieldName('left')!;
      const op = node.childForFieldName('operator')!.text.slice(0, -1);
      const value = this.calls.binary(
        op,
        this.eval(left, scope),
        this.eval(node.childForFieldName('right')!, scope),
        node,
      );
      return this.bind(left, value, scope);
    }
    if (node.type === 'string') return; // docstring
    this.eval(node, scope);
  }

  private assign(node: Node, scope: Scope): void {
    const right = node.childForFieldName('right');
    if (!right) return; // bare annotation `x: int`
    const value =
      right.type === 'assignment'
        ? (this.assign(right, scope), this.eval(right.childForFieldName('left')!, scope))
        : this.eval(right, scope);
    this.bind(node.childForFieldName('left')!, value, scope);
  }

  bind(target: Node, value: PyValue, scope: Scope): void {
    switch (target.type) {
      case 'identifier':
        scope.vars.set(target.text, value);
        return;
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list': {
        const targets = target.namedChildren.filter((n): n is Node => !!n);
        const items = this.iterate(value, target);
        if (items.length !== targets.length) {
          throw new PyException(
            'ValueError',
            `${items.length > targets.length ? 'too many values to unpack' : 'not enough values to unpack'} (expected ${targets.length}, got ${items.length})`,
            target,
          );
        }
        targets.forEach((t, i) => this.bind(t, items[i]!, scope));
        return;
      }
      case 'subscript': {
        const container = this.eval(target.childForFieldName('value')!, scope);
        const key = this.eval(target.childForFieldName('subscript')!, scope);
        if (container.t === 'dict' && dictKey(key) !== null) {
          container.entries.set(dictKey(key)!, { key, value });
          return;
        }
        if (container.t === 'list' && key.t === 'int' && key.v < container.items.length) {
          container.items[key.v < 0 ? container.items.length + key.v : key.v] = value;
          return;
        }
        throw new CannotEvaluate('item assignment', target);
      }
      case 'attribute':
        return this.calls.setAttribute(
          this.eval(target.childForFieldName('object')!, scope),
          target.childForFieldName('attribute')!.text,
          value,
          target,
        );
      default:
        throw new CannotEvaluate(`assignment to ${target.type}`, target);
    }
  }

  private execIf(node: Node, scope: Scope): void {
    const cond = this.known(
      this.eval(node.childForFieldName('condition')!, scope),
      node.childForFieldName('condition')!,
    );
    if (cond) return this.execBlock(node.childForFieldName('consequence')!.namedChildren, scope);
    for (const alt of node.childrenForFieldName('alternative')) {
      if (!alt) continue;
      if (alt.type === 'elif_clause') {
        const c = alt.childForFieldName('condition')!;
        if (this.known(this.eval(c, scope), c))
          return this.execBlock(alt.childForFieldName('consequence')!.namedChildren, scope);
      } else {
        return this.execBlock(alt.childForFieldName('body')!.namedChildren, scope);
      }
    }
  }

  private known(v: PyValue, node: Node): boolean {
    const b = truthy(v);
    if (b === undefined) throw new CannotEvaluate(v.t === 'opaque' ? `condition on ${v.what}` : 'condition', node);
    return b;
  }

  private execFor(node: Node, scope: Scope): void {
    const right = node.childForFieldName('right')!;
    const items = this.iterate(this.eval(right, scope), right);
    const body = node.childForFieldName('body')!.namedChildren;
    let broke = false;
    for (const item of items) {
      this.bind(node.childForFieldName('left')!, item, scope);
      try {
        this.execBlock(body, scope);
      } catch (e) {
        if (!(e instanceof LoopSignal)) throw e;
        if (e.kind === 'break') {
          broke = true;
          break;
        }
      }
    }
    const alt = node.childForFieldName('alternative');
    if (!broke && alt) this.execBlock(alt.childForFieldName('body')!.namedChildren, scope);
  }

  iterate(v: PyValue, node: Node): PyValue[] {
    if (v.t === 'list' || v.t === 'tuple') return [...v.items];
    if (v.t === 'dict') return [...v.entries.values()].map((e) => e.key);
    if (v.t === 'str') return [...v.v].map(str);
    if (v.t === 'opaque') throw new CannotEvaluate(`loop over ${v.what}`, v.node);
    throw new PyException('TypeError', `'${typeName(v)}' object is not iterable`, node);
  }

  private execWith(node: Node, scope: Scope): void {
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
        const value = this.eval(expr, scope);
        this.calls.enterContext(value, expr);
        entered.push(value);
        if (target) this.bind(target, value, scope);
      }
      this.execBlock(node.childForFieldName('body')!.namedChildren, scope);
    } finally {
      for (const v of entered.reverse()) this.calls.exitContext(v);
    }
  }

  private execTry(node: Node, scope: Scope): void {
    const handlers = node.namedChildren.filter(
      (c): c is Node => c?.type === 'except_clause' || c?.type === 'except_group_clause',
    );
    const finallyClause = node.namedChildren.find((c) => c?.type === 'finally_clause');
    const elseClause = node.namedChildren.find((c) => c?.type === 'else_clause');
    try {
      let raised: PyException | null = null;
      try {
        this.execBlock(node.childForFieldName('body')!.namedChildren, scope);
      } catch (e) {
        if (!(e instanceof PyException)) throw e;
        raised = e;
      }
      if (!raised) {
        if (elseClause) this.execBlock(elseClause.childForFieldName('body')!.namedChildren, scope);
        return;
      }
      const handler = handlers.find((h) => this.catches(h, raised, scope));
      if (!handler) throw raised;
      const block = handler.namedChildren.find((c) => c?.type === 'block');
      if (block) this.execBlock(block.namedChildren, scope);
    } finally {
      if (finallyClause)
        this.execBlock(finallyClause.namedChildren.find((c) => c?.type === 'block')!.namedChildren, scope);
    }
  }

  private catches(handler: Node, e: PyException, scope: Scope): boolean {
    const typeNode = handler.namedChildren.find((c) => c && c.type !== 'block' && c.type !== 'comment');
    if (!typeNode) return true;
    const expr = typeNode.type === 'as_pattern' ? typeNode.namedChildren[0]! : typeNode;
    const names = expr.type === 'tuple' ? expr.namedChildren.map((c) => c!.text) : [expr.text];
    const family: Record<string, string[]> = {
      ModuleNotFoundError: ['ModuleNotFoundError', 'ImportError'],
      ImportError: ['ImportError'],
    };
    const accepted = family[e.pyClass] ?? [e.pyClass];
    void scope;
    return names.some(
      (n) => n === 'Exception' || n === 'BaseException' || accepted.includes(n.replace(/^builtins\./, '')),
    );
  }

  private execDecorated(node: Node, scope: Scope): void {
    const def = node.childForFieldName('definition')!;
    const name = this.text(def.childForFieldName('name')!);
    if (def.type !== 'function_definition') {
      scope.vars.set(name, { t: 'opaque', what: 'a decorated class', node });
      return;
    }
    const decorators = node.namedChildren.filter((c): c is Node => c?.type === 'decorator');
    let decorator: FunctionDecorator | null = null;
    for (const d of decorators) {
      const found = this.calls.decorator(d.namedChildren[0]!, scope);
      if (found === 'unknown') {
        scope.vars.set(name, { t: 'opaque', what: `a function decorated with ${d.text}`, node: d });
        return;
      }
      decorator ??= found;
    }
    scope.vars.set(name, { t: 'function', node: def, decorator, closure: scope });
  }

  /** Calls a user-defined function: binds parameters in a fresh scope and runs its body. */
  callFunction(
    fn: PyValue & { t: 'function' },
    positional: PyValue[],
    kwargs: Map<string, PyValue>,
    node: Node,
    extra?: Map<string, PyValue>,
  ): PyValue {
    if (this.#depth >= MAX_DEPTH) throw new CannotEvaluate(`calls nested more than ${MAX_DEPTH} deep`, node);
    this.#depth++;
    try {
      return this.#callFunction(fn, positional, kwargs, node, extra);
    } finally {
      this.#depth--;
    }
  }

  #callFunction(
    fn: PyValue & { t: 'function' },
    positional: PyValue[],
    kwargs: Map<string, PyValue>,
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
          throw new PyException(
            'TypeError',
            `${this.text(fn.node.childForFieldName('name')!)}() missing 1 required positional argument: '${pname}'`,
            node,
          );
        local.vars.set(pname, v);
      } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
        const pname = p.childForFieldName('name')!.text;
        const v =
          i < positional.length
            ? positional[i++]!
            : (kwargs.get(pname) ?? extra?.get(pname) ?? this.eval(p.childForFieldName('value')!, fn.closure));
        local.vars.set(pname, v);
      } else if (p.type === 'keyword_separator' || p.type === 'positional_separator') {
      } else {
        throw new CannotEvaluate(`${p.type.replace(/_/g, ' ')} of a function`, p);
      }
    }
    try {
      this.execBlock(fn.node.childForFieldName('body')!.namedChildren, local);
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      throw e;
    }
    return NONE;
  }

  /** Parameter defaults of a function (an `@dag` function's params). */
  functionDefaults(fn: PyValue & { t: 'function' }): Map<string, PyValue> {
    const out = new Map<string, PyValue>();
    for (const p of fn.node.childForFieldName('parameters')!.namedChildren) {
      if (p && (p.type === 'default_parameter' || p.type === 'typed_default_parameter')) {
        out.set(p.childForFieldName('name')!.text, this.eval(p.childForFieldName('value')!, fn.closure));
      }
    }
    return out;
  }

  eval(node: Node, scope: Scope): PyValue {
    switch (node.type) {
      case 'identifier':
        return this.lookup(node, scope);
      case 'integer':
        return { t: 'int', v: parseIntLiteral(node.text) };
      case 'float':
        return { t: 'float', v: Number(node.text.replace(/_/g, '')) };
      case 'true':
        return { t: 'bool', v: true };
      case 'false':
        return { t: 'bool', v: false };
      case 'none':
        return NONE;
      case 'string':
        return str(this.stringValue(node, scope));
      case 'concatenated_string':
        return str(node.namedChildren.map((c) => this.stringValue(c!, scope)).join(''));
      case 'parenthesized_expression':
        return this.eval(node.namedChildren.find((c) => c?.type !== 'comment')!, scope);
      case 'list':
      case 'tuple':
      case 'set':
        return { t: node.type === 'set' ? 'list' : node.type, items: this.evalItems(node, scope) };
      case 'dictionary':
        return this.evalDict(node, scope);
      case 'attribute':
        return this.calls.getAttribute(
          this.eval(node.childForFieldName('object')!, scope),
          node.childForFieldName('attribute')!.text,
          node,
        );
      case 'subscript':
        return this.calls.subscript(
          this.eval(node.childForFieldName('value')!, scope),
          node.childrenForFieldName('subscript').map((s) => this.eval(s!, scope)),
          node,
        );
      case 'call':
        return this.evalCall(node, scope);
      case 'binary_operator':
        return this.calls.binary(
          node.childForFieldName('operator')!.text,
          this.eval(node.childForFieldName('left')!, scope),
          this.eval(node.childForFieldName('right')!, scope),
          node,
        );
      case 'unary_operator': {
        const v = this.eval(node.childForFieldName('argument')!, scope);
        const op = node.childForFieldName('operator')!.text;
        if ((v.t === 'int' || v.t === 'float') && (op === '-' || op === '+'))
          return { t: v.t, v: op === '-' ? -v.v : v.v };
        if (v.t === 'timedelta' && op === '-') return { t: 'timedelta', us: -v.us };
        throw new CannotEvaluate(`unary ${op}`, node);
      }
      case 'not_operator':
        return { t: 'bool', v: !this.known(this.eval(node.childForFieldName('argument')!, scope), node) };
      case 'boolean_operator': {
        const left = this.eval(node.childForFieldName('left')!, scope);
        const l = this.known(left, node);
        const isAnd = node.childForFieldName('operator')!.text === 'and';
        return isAnd === l ? this.eval(node.childForFieldName('right')!, scope) : left;
      }
      case 'comparison_operator':
        return this.calls.compare(node, scope);
      case 'conditional_expression': {
        const [a, cond, b] = node.namedChildren as Node[];
        return this.known(this.eval(cond!, scope), cond!) ? this.eval(a!, scope) : this.eval(b!, scope);
      }
      case 'list_comprehension':
        return this.evalComprehension(node, scope);
      case 'lambda':
        return { t: 'opaque', what: 'a lambda', node };
      default:
        throw new CannotEvaluate(node.type.replace(/_/g, ' '), node);
    }
  }

  private lookup(node: Node, scope: Scope): PyValue {
    const v = scope.lookup(node.text);
    if (v) return v;
    if (BUILTIN_NAMES.has(node.text)) return { t: 'symbol', name: `builtins.${node.text}` };
    if (this.starImported) return { t: 'opaque', what: `name '${node.text}' from a star import`, node };
    throw new PyException('NameError', `name '${node.text}' is not defined`, node);
  }

  private text(node: Node): string {
    return node.text;
  }

  private stringValue(node: Node, scope: Scope): string {
    const start = node.namedChildren.find((c) => c?.type === 'string_start')?.text ?? '"';
    const prefix = start.replace(/['"]+$/, '').toLowerCase();
    if (prefix.includes('b')) throw new CannotEvaluate('bytes literal', node);
    const raw = prefix.includes('r');
    const formatted = prefix.includes('f');
    let out = '';
    for (const part of node.namedChildren) {
      if (!part) continue;
      if (part.type === 'string_content') {
        const text = formatted ? part.text.replace(/\{\{/g, '{').replace(/\}\}/g, '}') : part.text;
        out += raw ? text : decodeEscapes(text);
      } else if (part.type === 'interpolation') out += this.interpolation(part, scope);
    }
    return out;
  }

  private interpolation(node: Node, scope: Scope): string {
    if (node.namedChildren.some((c) => c?.type === 'format_specifier' || c?.type === 'type_conversion')) {
      throw new CannotEvaluate('f-string format specifier', node);
    }
    const expr = node.childForFieldName('expression') ?? node.namedChildren[0]!;
    return strValue(this.eval(expr, scope), expr);
  }

  evalItems(node: Node, scope: Scope): PyValue[] {
    const out: PyValue[] = [];
    for (const c of node.namedChildren) {
      if (!c || c.type === 'comment') continue;
      if (c.type === 'list_splat') out.push(...this.iterate(this.eval(c.namedChildren[0]!, scope), c));
      else out.push(this.eval(c, scope));
    }
    return out;
  }

  private evalDict(node: Node, scope: Scope): PyValue {
    const pairs: [PyValue, PyValue][] = [];
    for (const c of node.namedChildren) {
      if (!c || c.type === 'comment') continue;
      if (c.type === 'pair') {
        const key = this.eval(c.childForFieldName('key')!, scope);
        if (dictKey(key) === null) throw new CannotEvaluate(`dict key ${c.childForFieldName('key')!.text}`, c);
        pairs.push([key, this.eval(c.childForFieldName('value')!, scope)]);
      } else if (c.type === 'dictionary_splat') {
        const inner = this.eval(c.namedChildren[0]!, scope);
        if (inner.t !== 'dict')
          throw new CannotEvaluate(`**${inner.t === 'opaque' ? inner.what : c.namedChildren[0]!.text}`, c);
        for (const e of inner.entries.values()) pairs.push([e.key, e.value]);
      } else {
        throw new CannotEvaluate('dict comprehension', c);
      }
    }
    return makeDict(pairs);
  }

  private evalComprehension(node: Node, scope: Scope): PyValue {
    const body = node.childForFieldName('body')!;
    const clauses = node.namedChildren.filter((c): c is Node => c?.type === 'for_in_clause' || c?.type === 'if_clause');
    const local = new Scope(scope);
    const out: PyValue[] = [];
    const step = (k: number): void => {
      if (k === clauses.length) {
        out.push(this.eval(body, local));
        return;
      }
      const clause = clauses[k]!;
      if (clause.type === 'if_clause') {
        if (this.known(this.eval(clause.namedChildren[0]!, local), clause)) step(k + 1);
        return;
      }
      const right = clause.childForFieldName('right')!;
      for (const item of this.iterate(this.eval(right, local), right)) {
        this.bind(clause.childForFieldName('left')!, item, local);
        step(k + 1);
      }
    };
    step(0);
    return { t: 'list', items: out };
  }

  /** Evaluates call arguments: positional (with *splats) and keywords (with **splats). */
  evalArgs(argsNode: Node | null, scope: Scope): { positional: PyValue[]; kwargs: Map<string, PyValue> } {
    const positional: PyValue[] = [];
    const kwargs = new Map<string, PyValue>();
    if (!argsNode) return { positional, kwargs };
    if (argsNode.type === 'generator_expression') throw new CannotEvaluate('generator expression argument', argsNode);
    for (const a of argsNode.namedChildren) {
      if (!a || a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const k = a.childForFieldName('name')!.text;
        if (kwargs.has(k)) throw new PyException('SyntaxError', `keyword argument repeated: ${k}`, a);
        kwargs.set(k, this.eval(a.childForFieldName('value')!, scope));
      } else if (a.type === 'dictionary_splat') {
        const d = this.eval(a.namedChildren[0]!, scope);
        if (d.t !== 'dict') throw new CannotEvaluate(`**${d.t === 'opaque' ? d.what : a.namedChildren[0]!.text}`, a);
        for (const e of d.entries.values()) {
          if (e.key.t !== 'str') throw new PyException('TypeError', 'keywords must be strings', a);
          if (kwargs.has(e.key.v))
            throw new PyException('TypeError', `got multiple values for keyword argument '${e.key.v}'`, a);
          kwargs.set(e.key.v, e.value);
        }
      } else if (a.type === 'list_splat') {
        positional.push(...this.iterate(this.eval(a.namedChildren[0]!, scope), a));
      } else {
        positional.push(this.eval(a, scope));
      }
    }
    return { positional, kwargs };
  }

  private evalCall(node: Node, scope: Scope): PyValue {
    const callee = this.eval(node.childForFieldName('function')!, scope);
    const { positional, kwargs } = this.evalArgs(node.childForFieldName('arguments'), scope);
    return this.calls.call(callee, positional, kwargs, node, scope);
  }
}

export { ReturnSignal };
