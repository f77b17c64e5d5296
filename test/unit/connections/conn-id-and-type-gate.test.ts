import { describe, expect, it } from 'vitest';
import { keyError } from '../../../agent/connections/conn-id.js';
import { assertConnectionTypeAvailable } from '../../../agent/connections/connection-type-gate.js';
import type { RequirementsVerdict } from '../../../agent/requirements/requirements-verdict.js';

describe('conn_id validation (helpers.validate_key, max 200)', () => {
  it.each(['ssh_new', 'a.b-c', 'Ünïcode_1'])('accepts %s', (id) => expect(keyError(id)).toBeNull());
  it.each([
    ['a b', "The key 'a b' has to be made of alphanumeric characters, dashes, dots and underscores exclusively"],
    ['../etc', "The key '../etc' has to be made of alphanumeric characters, dashes, dots and underscores exclusively"],
    ['x'.repeat(201), `The key: ${'x'.repeat(201)} has to be less than 200 characters`],
  ])('refuses %s', (id, message) => expect(keyError(id)).toBe(message));
});

function verdict(connectionTypes: string[]): RequirementsVerdict {
  return {
    ok: true,
    airflowVersion: '2.2.2',
    pythonVersion: '3.7',
    airflowVersionFrom: 'constraints',
    constraints: { source: 'url', resolved: null },
    providers: [],
    connectionTypes,
    runnableConnectionTypes: [],
    sshProviderVersion: null,
    diagnostics: [],
  };
}

describe('assertConnectionTypeAvailable', () => {
  it('accepts a type an installed provider offers, and core types without providers', () => {
    expect(() => assertConnectionTypeAvailable('ssh', verdict(['http', 'ssh']), 'requirements.txt')).not.toThrow();
    expect(() => assertConnectionTypeAvailable('generic', verdict([]), 'requirements.txt')).not.toThrow();
  });

  it("refuses ssh without the provider with the guide's advice", () => {
    expect(() => assertConnectionTypeAvailable('ssh', verdict(['aws', 'http']), '/x/requirements.txt')).toThrow(
      /The type provided to --conn-type is invalid: ssh\n.*`apache-airflow-providers-ssh`.*Update your requirements.txt file to include this package, then try again\./,
    );
  });

  it("lists the supported types in Airflow's form", () => {
    expect(() => assertConnectionTypeAvailable('mysql', verdict(['http']), 'r.txt')).toThrow(
      "Supported --conn-types are:['email', 'fs', 'generic', 'http', 'mesos_framework-id']",
    );
  });
});
