import type { Connection } from '../connections/connection.js';
import {
  testSshConnection,
  type ConnectionTestResult,
  type SshConnectionTestOptions,
} from './ssh/ssh-connection-test.js';

/**
 * Airflow's `POST /connections/test`: the hook of the connection's type tests it. Of the hooks mwaa-agent
 * runs, only SSH's has `test_connection`; the others answer as Airflow's base hook does.
 */
export function testConnection(conn: Connection, opts: SshConnectionTestOptions): Promise<ConnectionTestResult> {
  if (conn.connType === 'ssh') return testSshConnection(conn, opts);
  return Promise.resolve({
    status: false,
    message: `Hook ${conn.connType ?? 'None'} doesn't implement or inherit test_connection method`,
  });
}
