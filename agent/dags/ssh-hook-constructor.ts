import type { Node } from 'web-tree-sitter';
import { RaisedException } from '../python/eval/eval-errors.js';
import type { PyValue } from '../python/eval/py-value.js';
import { SshHookObject } from './dag-objects.js';

/** Where the SSH provider's hook is imported from (2.x providers; 1.10's contrib module). */
export const SSH_HOOK_SYMBOLS: ReadonlySet<string> = new Set([
  'airflow.providers.ssh.hooks.ssh.SSHHook',
  'airflow.contrib.hooks.ssh_hook.SSHHook',
]);

/** SSHHook.__init__'s parameters in order (provider 4.x–7.x; the hook reads the rest from the connection). */
const PARAMS = [
  'ssh_conn_id',
  'remote_host',
  'username',
  'password',
  'key_file',
  'port',
  'conn_timeout',
  'cmd_timeout',
  'keepalive_interval',
  'banner_timeout',
  'disabled_algorithms',
  'ciphers',
  'auth_timeout',
  'host_proxy_cmd',
  'conn_retry_attempts',
  'no_host_key_check',
];

/** `SSHHook(...)` in a DAG file: its arguments checked as Python binds them, kept for the operator. */
export function constructSshHook(positional: PyValue[], kwargs: Map<string, PyValue>, node: Node): SshHookObject {
  if (positional.length > PARAMS.length)
    throw new RaisedException(
      'TypeError',
      `SSHHook.__init__() takes from 1 to ${PARAMS.length + 1} positional arguments but ${positional.length + 1} were given`,
      node,
    );
  const args = new Map<string, PyValue>();
  positional.forEach((v, i) => args.set(PARAMS[i]!, v));
  for (const [k, v] of kwargs) {
    if (!PARAMS.includes(k))
      throw new RaisedException('TypeError', `SSHHook.__init__() got an unexpected keyword argument '${k}'`, node);
    if (args.has(k))
      throw new RaisedException('TypeError', `SSHHook.__init__() got multiple values for argument '${k}'`, node);
    args.set(k, v);
  }
  return new SshHookObject(args);
}
