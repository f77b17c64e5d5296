import type { Node } from 'web-tree-sitter';
import { PythonException } from '../exceptions.js';

/** A Python exception the real import would raise, where it would be raised; it becomes the file's import error. */
export class RaisedException extends PythonException {
  constructor(
    pyClass: string,
    message: string,
    readonly node: Node | null,
  ) {
    super(pyClass, message);
  }
}

/** A construct the static reader cannot follow; the file gets `cannot evaluate <construct> at file:line:col`. */
export class CannotEvaluate extends Error {
  constructor(
    readonly construct: string,
    readonly node: Node,
  ) {
    super(`cannot evaluate ${construct}`);
  }
}
