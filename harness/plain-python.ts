import { CannotEvaluate } from '../agent/python/eval/eval-errors.js';
import type { PythonSemantics } from '../agent/python/eval/semantics.js';

/** A host that models no library: every import exists, nothing is a constant, unknown calls are opaque. */
export const PLAIN_PYTHON: PythonSemantics = {
  subscript: () => null,
  isModuleAvailable: () => true,
  importFrom: () => undefined,
  resolveSymbol: () => null,
  isInertModule: () => true,
  callSymbol: () => null,
  unknownCall: (callee, _args, node) => ({ t: 'opaque', what: `a call to ${callee.t}`, node }),
  decorator: () => null,
  callObject: () => null,
  defineClass: () => null,
  callDecorated: (fn, args, node, py) => py.callFunction(fn, args, node),
  callMethod: () => null,
  binary: () => null,
  getAttribute: () => null,
  setAttribute: (_obj, attr, _value, node) => {
    throw new CannotEvaluate(`assignment to .${attr}`, node);
  },
  enterContext: (_obj, node) => {
    throw new CannotEvaluate('with-statement', node);
  },
  exitContext: () => undefined,
};
