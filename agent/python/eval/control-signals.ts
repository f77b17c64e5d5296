import type { PyValue } from './py-value.js';

/** `return` unwinding to the function call. */
export class ReturnSignal {
  constructor(readonly value: PyValue) {}
}

/** `break` / `continue` unwinding to the loop. */
export class LoopSignal {
  constructor(readonly kind: 'break' | 'continue') {}
}
