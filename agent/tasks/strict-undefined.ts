import { PythonException } from '../python/exceptions.js';

/** Jinja's StrictUndefined: any use other than `is defined`/`default` raises UndefinedError with `hint`. */
export class StrictUndefined {
  constructor(readonly hint: string) {}

  error(): PythonException {
    return new PythonException('jinja2.exceptions.UndefinedError', this.hint);
  }

  toString(): string {
    throw this.error();
  }
}
