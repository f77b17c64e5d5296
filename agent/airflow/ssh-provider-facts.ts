import type { LogSource } from './log-source.js';

/**
 * The behaviour switches of apache-airflow-providers-ssh, as one provider version's values
 * (airflow-ssh.md §0 and the changelog points it lists). The rows are in ssh-provider-releases.ts.
 */
export interface SshProviderFacts {
  /** < 3.0.0: inverted host-key logic, both warnings with default extras. */
  legacyHostKeyLogic: boolean;
  /** ≥ 3.2.0: AutoAdd saves new keys to an existing known_hosts. */
  savesNewHostKeys: boolean;
  /** ≥ 2.4.0: three connect attempts, 3–5 s apart. */
  connectRetry: boolean;
  /** < 3.1.0: every error is re-raised as "SSH operator error: <message>"; non-zero exit carries stderr. */
  wrapsErrors: boolean;
  /** ≥ 3.3.0: stdout/stderr logged one record per line (else one per chunk). */
  logsLineByLine: boolean;
  /** ≥ 3.3.0: cmd_timeout really is an inactivity timeout. */
  appliesCmdTimeout: boolean;
  /**
   * How the command timeout is chosen: 'none' (< 3.3.0), the operator's (3.3–3.4), the extra's only (3.5),
   * the operator's, else the extra's (3.6+).
   */
  cmdTimeoutRule: 'none' | 'operator' | 'extra-only' | 'operator-then-extra';
  /** ≥ 3.4.0: the `ssh_exit` XCom. */
  pushesSshExit: boolean;
  /** ≥ 3.10.0: `skip_on_exit_code`. */
  honoursSkipOnExitCode: boolean;
  /** ≥ 2.4.4: a one-line private_key is refused with the BEGIN/END message. */
  checksPrivateKeyLines: boolean;
  /** ≥ 4.1.5: operator remote_host is given to the hook's constructor (a host-less connection works). */
  remoteHostInConstructor: boolean;
  /** ≥ 3.4.0: SSHHook.test_connection exists. */
  hasTestConnection: boolean;
  /** ≥ 3.3.0: `environment` is a template field. */
  templatesEnvironment: boolean;
  /** ≥ 3.4.0: the full shell-extension template_ext. */
  shellTemplateExt: boolean;
  /** The provider's own task-log lines. */
  sources: SshProviderSources;
}

/** Where each task-log line of the provider's hook and operator comes from (`{file:line}`). */
export interface SshProviderSources {
  /** Operator: "ssh_hook is not provided or invalid. …" and "remote_host is provided explicitly. …". */
  hookFromConnId: LogSource;
  /** Operator: "Creating ssh_client" (provider 2.3.0 – 3.7.x), or null when the version has no such line. */
  creatingClient: LogSource | null;
  remoteIdentWarning: LogSource;
  noHostKeyWarning: LogSource;
  connectRetry: LogSource;
  runningCommand: LogSource;
  stdout: LogSource;
  stderr: LogSource;
}
