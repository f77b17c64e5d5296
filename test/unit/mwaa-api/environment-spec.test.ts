import { describe, expect, it } from 'vitest';
import { configForEnvironment } from '../../../agent/mwaa-api/environment-config.js';
import { checkName, specFromCreate, specFromUpdate } from '../../../agent/mwaa-api/environment-spec.js';
import { MwaaApiError } from '../../../agent/mwaa-api/mwaa-api-error.js';
import { allowedCommand } from '../../../agent/mwaa-api/cli-allow-list.js';
import { resolveConfig } from '../../../agent/cli/config.js';
import { airflowFacts } from '../../../agent/airflow/facts-lookup.js';

const CREATE = {
  ExecutionRoleArn: 'arn:aws:iam::123456789012:role/service-role/mwaa',
  SourceBucketArn: 'arn:aws:s3:::my-bucket',
  DagS3Path: 'dags',
  NetworkConfiguration: { SubnetIds: ['a', 'b'], SecurityGroupIds: ['sg'] },
};

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof MwaaApiError && e.type === 'ValidationException') return e.message;
    throw e;
  }
  throw new Error('accepted');
}

describe('CreateEnvironment validation', () => {
  it("gives MWAA's defaults to members not given", () => {
    expect(specFromCreate(CREATE)).toMatchObject({
      AirflowVersion: '3.3.1',
      EnvironmentClass: 'mw1.small',
      Schedulers: 2,
      WebserverAccessMode: 'PRIVATE_ONLY',
    });
  });

  it.each([
    [
      { ExecutionRoleArn: undefined },
      "Value null at 'executionRoleArn' failed to satisfy constraint: Member must not be null",
    ],
    [
      { SourceBucketArn: 'my-bucket' },
      "Value 'my-bucket' at 'sourceBucketArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws(-[a-z]+)?:s3:::[a-z0-9.\\-]+",
    ],
    [
      { ExecutionRoleArn: 'arn:aws:iam::12:role/x' },
      "Value 'arn:aws:iam::12:role/x' at 'executionRoleArn' failed to satisfy constraint: Member must satisfy regular expression pattern",
    ],
    [
      { Schedulers: 6 },
      "Value '6' at 'schedulers' failed to satisfy constraint: Member must have value less than or equal to 5",
    ],
    [
      { WebserverAccessMode: 'OPEN' },
      'Member must satisfy enum value set: [PRIVATE_ONLY, PUBLIC_ONLY, PUBLIC_AND_PRIVATE]',
    ],
    [{ AirflowVersion: '2.3.0' }, 'Invalid AirflowVersion 2.3.0: Amazon MWAA supports 2.0.2, 2.2.2'],
    [{ EnvironmentClass: 'mw1.huge' }, 'Invalid EnvironmentClass mw1.huge'],
    [
      { EnvironmentClass: 'mw1.micro', Schedulers: 2 },
      'Schedulers must be between 1 and 1 for EnvironmentClass mw1.micro, got 2',
    ],
    [{ MinWorkers: 5, MaxWorkers: 2 }, 'MinWorkers (5) must not be greater than MaxWorkers (2)'],
    [
      { AirflowConfigurationOptions: { 'Core.X': 'y' } },
      "Value at 'airflowConfigurationOptions' failed to satisfy constraint",
    ],
  ])('refuses %j', (change, text) => {
    expect(message(() => specFromCreate({ ...CREATE, ...change }))).toContain(text);
  });

  it('counts every constraint failure in one message, as Coral does', () => {
    expect(message(() => specFromCreate({ DagS3Path: 'dags' }))).toMatch(
      /^3 validation errors detected: Value null at 'executionRoleArn'/,
    );
  });

  it.each(['My_Env-1', 'a'])('accepts the name %s', (name) => expect(() => checkName(name)).not.toThrow());
  it.each(['1env', 'my env', 'x'.repeat(81), ''])('refuses the name %j', (name) =>
    expect(() => checkName(name)).toThrow(MwaaApiError),
  );

  it('refuses an Airflow downgrade on update and applies the rest', () => {
    const spec = specFromCreate({ ...CREATE, AirflowVersion: '2.10.3' });
    expect(message(() => specFromUpdate(spec, { AirflowVersion: '2.9.2' }))).toBe(
      'Downgrading the Airflow version from 2.10.3 to 2.9.2 is not supported',
    );
    expect(specFromUpdate(spec, { RequirementsS3ObjectVersion: 'v2' })).toMatchObject({
      AirflowVersion: '2.10.3',
      RequirementsS3ObjectVersion: 'v2',
    });
  });
});

describe('configForEnvironment', () => {
  it('mirrors the bucket and prefix of the environment, with its files and versions, keeping the folders', () => {
    const base = resolveConfig({ flags: {}, env: {}, cwd: '/tmp' });
    const spec = specFromCreate({
      ...CREATE,
      DagS3Path: 'airflow/dags',
      RequirementsS3Path: 'airflow/requirements.txt',
      RequirementsS3ObjectVersion: 'v1',
      AirflowVersion: '2.10.3',
    });
    expect(configForEnvironment(base, spec)).toMatchObject({
      bucket: 'my-bucket',
      dagsPrefix: 'airflow/dags/',
      requirementsKey: 'airflow/requirements.txt',
      requirementsVersion: 'v1',
      pluginsKey: null,
      startupScriptKey: null,
      airflowVersion: '2.10.3',
      dagsDir: base.dagsDir,
      stateDir: base.stateDir,
    });
  });
});

describe('allowedCommand', () => {
  it.each([
    [['dags', 'trigger', 'x'], '2.10.3', 'dags trigger'],
    [['version'], '2.10.3', 'version'],
    [['tasks', 'run', 'a', 'b'], '2.10.3', 'tasks run'],
    [['tasks', 'run', 'a', 'b'], '3.0.6', null],
    [['pools', 'import', 'f'], '2.10.3', null],
    [['connections', 'get', 'x'], '2.10.3', null],
    [['db', 'reset'], '2.10.3', null],
    [[], '2.10.3', null],
  ])('%j on %s → %s', (argv, version, allowed) =>
    expect(allowedCommand(argv, airflowFacts(version).api.mwaaCliCommands)).toBe(allowed),
  );
});
