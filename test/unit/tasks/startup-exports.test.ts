import { describe, expect, it } from 'vitest';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import { startupScriptProtectedNames } from '../../../agent/tasks/startup-protected-names.js';
import { exportsOf } from '../../../agent/tasks/startup-script.js';

describe("a startup script's exports", () => {
  const protectedNames = startupScriptProtectedNames(airflowProfile('2.10.3').configOptions);

  it('keeps new and changed variables, drops what bash sets and what did not change', () => {
    const { exported, refused } = exportsOf(
      { PATH: '/bin', KEEP: 'same' },
      { PATH: '/opt/bin:/bin', KEEP: 'same', NEW: 'x', _: '/usr/bin/env', SHLVL: '2', PWD: '/' },
      protectedNames,
    );
    expect(exported).toEqual({ PATH: '/opt/bin:/bin', NEW: 'x' });
    expect(refused).toEqual([]);
  });

  it("refuses the variables MWAA protects, its MWAA__ prefix, its essential options' variables and the agent's own", () => {
    const { exported, refused } = exportsOf(
      {},
      {
        AWS_REGION: 'x',
        PYTHONPATH: '/x',
        MWAA__CORE__STARTUP_SCRIPT_PATH: '/x',
        AIRFLOW__CORE__EXECUTOR: 'LocalExecutor',
        MWAA_AGENT_API_PASSWORD: 'pw',
        AIRFLOW__CORE__PARALLELISM: '4',
      },
      protectedNames,
    );
    expect(Object.keys(exported)).toEqual(['AIRFLOW__CORE__PARALLELISM']);
    expect(refused.map((r) => r.name)).toEqual([
      'AIRFLOW__CORE__EXECUTOR',
      'AWS_REGION',
      'MWAA__CORE__STARTUP_SCRIPT_PATH',
      'MWAA_AGENT_API_PASSWORD',
      'PYTHONPATH',
    ]);
    expect(refused[2]!.reason).toBe(
      'reserved by Amazon MWAA (every MWAA__* variable): a startup script cannot change it',
    );
  });

  it("protects 3.3.1's added variables only there", () => {
    const names3 = startupScriptProtectedNames(airflowProfile('3.3.1').configOptions);
    expect(exportsOf({}, { AIRFLOW__API__BASE_URL: 'x' }, names3).refused).toHaveLength(1);
    expect(exportsOf({}, { AIRFLOW__API__BASE_URL: 'x' }, protectedNames).refused).toHaveLength(0);
  });
});
