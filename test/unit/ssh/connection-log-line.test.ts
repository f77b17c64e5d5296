import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../agent/connections/connection.js';
import { connectionLogLine, redactExtra } from '../../../agent/tasks/ssh/connection-log-line.js';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';

const guide: Connection = {
  connId: 'ssh_new',
  connType: 'ssh',
  description: null,
  host: '12.345.67.89',
  schema: '',
  login: 'ec2-user',
  password: null,
  port: null,
  extra: null,
};
const extra = { key_file: '/usr/local/airflow/dags/your-secret-key.pem' };
const line = (airflowVersion: string, c = guide, x: Record<string, unknown> = extra) =>
  connectionLogLine(c, x, airflowProfile(airflowVersion).ssh);

describe('the connection line of BaseHook.get_connection per Airflow version', () => {
  it("2.2.2 prints the guide's line with the extra as a Python dict", () => {
    expect(line('2.2.2')).toBe(
      "Using connection to: id: ssh_new. Host: 12.345.67.89, Port: None, Schema: , Login: ec2-user, Password: None, extra: {'key_file': '/usr/local/airflow/dags/your-secret-key.pem'}",
    );
  });

  it('2.2.2 prints nothing for a connection without host', () => {
    expect(line('2.2.2', { ...guide, host: null })).toBeNull();
  });

  it('2.0 hides password and extra behind XXXXXXXX', () => {
    expect(line('2.0.2', { ...guide, password: 'pw', port: 22 })).toBe(
      'Using connection to: id: ssh_new. Host: 12.345.67.89, Port: 22, Schema: , Login: ec2-user, Password: XXXXXXXX, extra: XXXXXXXX',
    );
  });

  it('2.5 and 2.10 name only the id', () => {
    expect(line('2.5.1')).toBe("Using connection ID 'ssh_new' for task execution.");
    expect(line('2.10.3')).toBe("Retrieving connection 'ssh_new'");
  });

  it('sensitive extra values are redacted to *** in the dict', () => {
    expect(
      redactExtra({ private_key: 'k', private_key_passphrase: 'p', key_file: '/k', nested: { api_token: 't' } }),
    ).toEqual({
      private_key: '***',
      private_key_passphrase: '***',
      key_file: '/k',
      nested: { api_token: '***' },
    });
  });
});
