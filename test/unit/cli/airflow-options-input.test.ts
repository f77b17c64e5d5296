import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../agent/cli/config.js';

const cwd = mkdtempSync(join(tmpdir(), 'options-input-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const resolve = (flags: Record<string, unknown>, env: Record<string, string> = {}, airflowConfigFlags?: string[]) =>
  resolveConfig({ flags, env, cwd, airflowConfigFlags });

describe("MWAA's AirflowConfigurationOptions and --airflow-config", () => {
  it('merges the map, the flags (later wins) and reads AIRFLOW__ variables apart', () => {
    const c = resolve(
      { airflowConfigurationOptions: '{"core.parallelism": "4", "core.default_timezone": "utc"}' },
      { AIRFLOW__CORE__PARALLELISM: '2', AIRFLOW__CORE__FERNET_KEY: 'not-an-option' },
      ['core.parallelism=8', 'secrets.backend_kwargs={"a": 1}'],
    );
    expect(c.airflowConfigurationOptions).toEqual({
      'core.parallelism': '8',
      'core.default_timezone': 'utc',
      'secrets.backend_kwargs': '{"a": 1}',
    });
    expect(c.airflowConfigFromEnvironment).toEqual({ 'core.parallelism': '2' });
  });

  it('reads the map from a file, also as `aws mwaa get-environment` prints it', () => {
    writeFileSync(
      join(cwd, 'env.json'),
      JSON.stringify({ Environment: { Name: 'x', AirflowConfigurationOptions: { 'core.parallelism': '3' } } }),
    );
    expect(resolve({ airflowConfigurationOptions: 'env.json' }).airflowConfigurationOptions).toEqual({
      'core.parallelism': '3',
    });
  });

  it.each([
    [
      ['Core.Parallelism=4'],
      "flag --airflow-config Core.Parallelism=4: 1 validation error detected: Value at 'airflowConfigurationOptions' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-z]+([a-z0-9._]*[a-z0-9_]+)?]",
    ],
    [['parallelism=4'], 'names no section; Airflow configuration options are section.key'],
    [['core.parallelism='], 'Map value must satisfy constraint: [Member must have length greater than or equal to 1]'],
    [['core.x=caf\u00e9'], 'Member must satisfy regular expression pattern: [ -~]+'],
    [['nokeyvalue'], 'expected section.key=value'],
  ])('refuses %j with the MWAA API model', (flags, message) => {
    expect(() => resolve({}, {}, flags)).toThrow(message);
  });

  it("refuses a non-string value as boto's parameter validation does", () => {
    expect(() => resolve({ airflowConfigurationOptions: '{"core.parallelism": 4}' })).toThrow(
      'Invalid type for parameter AirflowConfigurationOptions.core.parallelism, value: 4, type: number, valid types: string',
    );
  });
});
