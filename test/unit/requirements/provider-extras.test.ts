import { describe, expect, it } from 'vitest';
import { connectionTypesOf, providerForAirflowExtra } from '../../../agent/requirements/provider-catalog.js';

describe('apache-airflow[extra] → provider', () => {
  it('maps known extras and aliases to their provider distribution', () => {
    expect(providerForAirflowExtra('ssh')).toBe('apache-airflow-providers-ssh');
    expect(providerForAirflowExtra('postgresql')).toBe('apache-airflow-providers-postgres');
  });

  it("finds nothing for names of Object.prototype's members", () => {
    for (const extra of ['constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty'])
      expect(providerForAirflowExtra(extra)).toBeNull();
    expect(connectionTypesOf('apache-airflow-providers-constructor')).toEqual([]);
  });
});
