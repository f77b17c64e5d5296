import type { Node } from 'web-tree-sitter';
import { callValue, getAttribute, subscript } from './calls.js';
import { compare } from './comparison.js';
import { CannotEvaluate, RaisedException } from './eval-errors.js';
import type { CallArgs } from './evaluator.js';
import type { InterpreterCore } from './interpreter-core.js';
import { decodeEscapes, parseIntLiteral } from './literals.js';
import { binaryOperator } from './operators.js';
import { dictKey, makeDict, NONE, type PyValue, Scope, str } from './py-value.js';
import { strValue } from './value-text.js';

/**
 * Every name of CPython 3.11's and 3.12's `builtins` module (the same set; `dir(builtins)` without the dunders and
 * the three keywords): naming one is never a NameError. Calls the reader models are in builtins.ts; any other
 * call of one is an unknown call.
 */
const BUILTIN_NAMES: ReadonlySet<string> = new Set(
  (
    'ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError ' +
    'BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError ConnectionError ' +
    'ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError Ellipsis EncodingWarning ' +
    'EnvironmentError Exception ExceptionGroup FileExistsError FileNotFoundError FloatingPointError ' +
    'FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError IndexError ' +
    'InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError ' +
    'ModuleNotFoundError NameError NotADirectoryError NotImplemented NotImplementedError OSError ' +
    'OverflowError PendingDeprecationWarning PermissionError ProcessLookupError RecursionError ' +
    'ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration ' +
    'SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError TypeError UnboundLocalError ' +
    'UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError UnicodeWarning UserWarning ' +
    'ValueError Warning ZeroDivisionError abs aiter all anext any ascii bin bool breakpoint bytearray ' +
    'bytes callable chr classmethod compile complex copyright credits delattr dict dir divmod enumerate ' +
    'eval exec exit filter float format frozenset getattr globals hasattr hash help hex id input int ' +
    'isinstance issubclass iter len license list locals map max memoryview min next object oct open ord ' +
    'pow print property quit range repr reversed round set setattr slice sorted staticmethod str sum ' +
    'super tuple type vars zip'
  ).split(' '),
);

/** Evaluates an expression to the value Python would compute, or what the reader can know of it. */
export function evalExpression(py: InterpreterCore, node: Node, scope: Scope): PyValue {
  switch (node.type) {
    case 'identifier':
      return lookup(py, node, scope);
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
      return str(stringValue(py, node, scope));
    case 'concatenated_string':
      return str(node.namedChildren.map((c) => stringValue(py, c!, scope)).join(''));
    case 'parenthesized_expression':
      return py.eval(node.namedChildren.find((c) => c?.type !== 'comment')!, scope);
    case 'list':
    case 'tuple':
    case 'set':
      return { t: node.type === 'set' ? 'list' : node.type, items: evalItems(py, node, scope) };
    case 'expression_list':
      return { t: 'tuple', items: evalItems(py, node, scope) };
    case 'dictionary':
      return evalDict(py, node, scope);
    case 'attribute':
      return getAttribute(
        py,
        py.eval(node.childForFieldName('object')!, scope),
        node.childForFieldName('attribute')!.text,
      );
    case 'subscript':
      return subscript(
        py,
        py.eval(node.childForFieldName('value')!, scope),
        node.childrenForFieldName('subscript').map((s) => py.eval(s!, scope)),
        node,
      );
    case 'call': {
      const callee = py.eval(node.childForFieldName('function')!, scope);
      return callValue(py, callee, py.evalArgs(node.childForFieldName('arguments'), scope), node);
    }
    case 'binary_operator': {
      const left = py.eval(node.childForFieldName('left')!, scope);
      const right = py.eval(node.childForFieldName('right')!, scope);
      return binaryOperator(py.semantics, node.childForFieldName('operator')!.text, left, right, node);
    }
    case 'unary_operator':
      return unary(py, node, scope);
    case 'not_operator':
      return { t: 'bool', v: !py.known(py.eval(node.childForFieldName('argument')!, scope), node) };
    case 'boolean_operator': {
      const left = py.eval(node.childForFieldName('left')!, scope);
      const l = py.known(left, node);
      const isAnd = node.childForFieldName('operator')!.text === 'and';
      return isAnd === l ? py.eval(node.childForFieldName('right')!, scope) : left;
    }
    case 'comparison_operator':
      return compare(py, node, scope);
    case 'conditional_expression': {
      const [a, cond, b] = node.namedChildren as Node[];
      return py.known(py.eval(cond!, scope), cond!) ? py.eval(a!, scope) : py.eval(b!, scope);
    }
    case 'list_comprehension':
    // A generator is consumed where it is made: a DAG file unpacks it or passes it on whole.
    case 'generator_expression':
      return evalComprehension(py, node, scope);
    case 'lambda':
      return { t: 'opaque', what: 'a lambda', node };
    default:
      throw new CannotEvaluate(node.type.replace(/_/g, ' '), node);
  }
}

function unary(py: InterpreterCore, node: Node, scope: Scope): PyValue {
  const v = py.eval(node.childForFieldName('argument')!, scope);
  const op = node.childForFieldName('operator')!.text;
  if ((v.t === 'int' || v.t === 'float') && (op === '-' || op === '+')) return { t: v.t, v: op === '-' ? -v.v : v.v };
  if (v.t === 'timedelta' && op === '-') return { t: 'timedelta', us: -v.us };
  throw new CannotEvaluate(`unary ${op}`, node);
}

function lookup(py: InterpreterCore, node: Node, scope: Scope): PyValue {
  const v = scope.lookup(node.text);
  if (v) return v;
  if (BUILTIN_NAMES.has(node.text)) return { t: 'symbol', name: `builtins.${node.text}` };
  if (py.starImported) return { t: 'opaque', what: `name '${node.text}' from a star import`, node };
  throw new RaisedException('NameError', `name '${node.text}' is not defined`, node);
}

function stringValue(py: InterpreterCore, node: Node, scope: Scope): string {
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
    } else if (part.type === 'interpolation') out += interpolation(py, part, scope);
  }
  return out;
}

function interpolation(py: InterpreterCore, node: Node, scope: Scope): string {
  if (node.namedChildren.some((c) => c?.type === 'format_specifier' || c?.type === 'type_conversion')) {
    throw new CannotEvaluate('f-string format specifier', node);
  }
  const expr = node.childForFieldName('expression') ?? node.namedChildren[0]!;
  return strValue(py.eval(expr, scope), expr);
}

function evalItems(py: InterpreterCore, node: Node, scope: Scope): PyValue[] {
  const out: PyValue[] = [];
  for (const c of node.namedChildren) {
    if (!c || c.type === 'comment') continue;
    if (c.type === 'list_splat') out.push(...py.iterate(py.eval(c.namedChildren[0]!, scope), c));
    else out.push(py.eval(c, scope));
  }
  return out;
}

function evalDict(py: InterpreterCore, node: Node, scope: Scope): PyValue {
  const pairs: [PyValue, PyValue][] = [];
  for (const c of node.namedChildren) {
    if (!c || c.type === 'comment') continue;
    if (c.type === 'pair') {
      const key = py.eval(c.childForFieldName('key')!, scope);
      if (dictKey(key) === null) throw new CannotEvaluate(`dict key ${c.childForFieldName('key')!.text}`, c);
      pairs.push([key, py.eval(c.childForFieldName('value')!, scope)]);
    } else if (c.type === 'dictionary_splat') {
      const inner = py.eval(c.namedChildren[0]!, scope);
      if (inner.t !== 'dict')
        throw new CannotEvaluate(`**${inner.t === 'opaque' ? inner.what : c.namedChildren[0]!.text}`, c);
      for (const e of inner.entries.values()) pairs.push([e.key, e.value]);
    } else {
      throw new CannotEvaluate('dict comprehension', c);
    }
  }
  return makeDict(pairs);
}

function evalComprehension(py: InterpreterCore, node: Node, scope: Scope): PyValue {
  const body = node.childForFieldName('body')!;
  const clauses = node.namedChildren.filter((c): c is Node => c?.type === 'for_in_clause' || c?.type === 'if_clause');
  const local = new Scope(scope);
  const out: PyValue[] = [];
  const step = (k: number): void => {
    if (k === clauses.length) {
      out.push(py.eval(body, local));
      return;
    }
    const clause = clauses[k]!;
    if (clause.type === 'if_clause') {
      if (py.known(py.eval(clause.namedChildren[0]!, local), clause)) step(k + 1);
      return;
    }
    const right = clause.childForFieldName('right')!;
    for (const item of py.iterate(py.eval(right, local), right)) {
      py.bind(clause.childForFieldName('left')!, item, local);
      step(k + 1);
    }
  };
  step(0);
  return { t: 'list', items: out };
}

/** Evaluates call arguments: positional (with *splats) and keywords (with **splats). */
export function evalArgs(py: InterpreterCore, argsNode: Node | null, scope: Scope): CallArgs {
  const positional: PyValue[] = [];
  const kwargs = new Map<string, PyValue>();
  if (!argsNode) return { positional, kwargs };
  if (argsNode.type === 'generator_expression') return { positional: [py.eval(argsNode, scope)], kwargs };
  for (const a of argsNode.namedChildren) {
    if (!a || a.type === 'comment') continue;
    if (a.type === 'keyword_argument') {
      const k = a.childForFieldName('name')!.text;
      if (kwargs.has(k)) throw new RaisedException('SyntaxError', `keyword argument repeated: ${k}`, a);
      kwargs.set(k, py.eval(a.childForFieldName('value')!, scope));
    } else if (a.type === 'dictionary_splat') {
      const d = py.eval(a.namedChildren[0]!, scope);
      if (d.t !== 'dict') throw new CannotEvaluate(`**${d.t === 'opaque' ? d.what : a.namedChildren[0]!.text}`, a);
      for (const e of d.entries.values()) {
        if (e.key.t !== 'str') throw new RaisedException('TypeError', 'keywords must be strings', a);
        if (kwargs.has(e.key.v))
          throw new RaisedException('TypeError', `got multiple values for keyword argument '${e.key.v}'`, a);
        kwargs.set(e.key.v, e.value);
      }
    } else if (a.type === 'list_splat') {
      positional.push(...py.iterate(py.eval(a.namedChildren[0]!, scope), a));
    } else {
      positional.push(py.eval(a, scope));
    }
  }
  return { positional, kwargs };
}
