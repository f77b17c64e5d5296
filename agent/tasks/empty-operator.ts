import type { Operator, OperatorOutcome } from './operator.js';

/** `EmptyOperator` (2.3+) and its predecessor `DummyOperator`: succeed at once, without running anything. */
export class EmptyOperator implements Operator {
  readonly operatorNames = ['EmptyOperator', 'DummyOperator'] as const;

  templateFields(): readonly string[] {
    return [];
  }

  templateExt(): readonly string[] {
    return [];
  }

  async execute(): Promise<OperatorOutcome> {
    return { state: 'success' };
  }
}
