import type { Node } from 'web-tree-sitter';
import { PythonException } from '../exceptions.js';

/**
 * A Python exception the real import would raise, where it would be raised; it becomes the file's import
 * error. `hint` is one line of the reader's own that the error shows after Python's text (what to change).
 */
export class RaisedException extends PythonException {
  constructor(
    pyClass: string,
    message: string,
    readonly node: Node | null,
    readonly hint?: string,
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
