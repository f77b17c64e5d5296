/**
 * The operator classes mwaa-agent runs (the `operatorNames` of its operators), as a list that loads nothing:
 * `mwaa-agent check` warns about the others without loading ssh2. A unit test keeps it equal to the operators'.
 */
export const RUNNABLE_OPERATORS: readonly string[] = ['SSHOperator', 'BashOperator', 'EmptyOperator', 'DummyOperator'];
