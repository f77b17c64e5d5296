import fc from 'fast-check';
import { closest, distance } from 'fastest-levenshtein';
import { describe, expect, it } from 'vitest';
import { COMMON_DISTRIBUTIONS } from '../../../agent/requirements/known-distributions.js';
import { misspeltDistribution, NameIndex } from '../../../agent/requirements/misspelt-distribution.js';

describe('misspeltDistribution', () => {
  it.each([
    ['apache-airflow-provders-ssh', 'apache-airflow-providers-ssh'],
    ['apache-airflow-providers-sshh', 'apache-airflow-providers-ssh'],
    ['apache-airflow-providers-amazn', 'apache-airflow-providers-amazon'],
    ['apache-airflow-providers-microsoft-azur', 'apache-airflow-providers-microsoft-azure'],
    ['apache-airflw', 'apache-airflow'],
    ['pandass', 'pandas'],
    ['paramikoo', 'paramiko'],
    ['snowflake-connector-pyton', 'snowflake-connector-python'],
  ])('%s: did you mean %s?', (name, suggestion) => {
    expect(misspeltDistribution(name, new Set())).toEqual({ suggestion });
  });

  it('flags an unknown provider even when no known provider is close', () => {
    expect(misspeltDistribution('apache-airflow-providers-zzzzz', new Set())).toEqual({ suggestion: null });
  });

  it.each([
    'apache-airflow-providers-ssh',
    'apache-airflow',
    'boto3',
    'pymssql',
    'psycopg2-binary',
    'my-company-etl-utils',
    'boto',
    'x'.repeat(100_000),
  ])('says nothing about %s (known, or not close to a known name)', (name) => {
    expect(misspeltDistribution(name, new Set())).toBeNull();
  });

  it('counts the names the constraints pin as known', () => {
    expect(misspeltDistribution('pandass', new Set(['pandass']))).toBeNull();
  });

  it.each([2, 3] as const)('finds by %i-grams exactly what comparing with every known name finds', (q) => {
    const names = COMMON_DISTRIBUTIONS;
    const index = new NameIndex(names, q);
    const fullScan = (name: string, maxEdits: number) => {
      const candidates = names.filter((n) => Math.abs(n.length - name.length) <= maxEdits);
      if (candidates.length === 0) return null;
      const near = closest(name, candidates);
      return distance(name, near) <= maxEdits ? near : null;
    };
    // Known names with a few random edits (near misses), and arbitrary names.
    const edited = fc
      .tuple(
        fc.constantFrom(...names),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom('-', 'a', 'e', 's', 'y', '2', ''), fc.boolean()), { maxLength: 3 }),
      )
      .map(([name, edits]) =>
        edits.reduce((s, [at, ch, insert]) => {
          const i = at % (s.length + 1);
          return s.slice(0, i) + ch + s.slice(insert ? i : i + 1);
        }, name),
      );
    const arbitrary = fc.stringMatching(/^[a-z0-9-]{1,30}$/);
    fc.assert(
      fc.property(fc.oneof(edited, arbitrary), fc.integer({ min: 1, max: 6 }), (name, maxEdits) => {
        expect(index.nearest(name, maxEdits)).toBe(fullScan(name, maxEdits));
      }),
      { numRuns: 2_000 },
    );
  });
});
