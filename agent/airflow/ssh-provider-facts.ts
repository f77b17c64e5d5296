import type { LogSource } from './log-source.js';

/**
 * The behaviour switches of apache-airflow-providers-ssh, as one provider version's values (airflow-ssh.md §0
 * and the changelog points it lists; from 4.0.0 on, the released wheels themselves). The rows are in
 * ssh-provider-releases.ts.
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
  /** How the `cmd_timeout` extra is read: `int(v)` (< 4.0.1, "1.5" is a ValueError) or `float(v)`. */
  cmdTimeoutExtraParse: 'int' | 'float';
  /**
   * `conn_timeout` when neither the operator nor the extra sets it: 10 s (< 4.0.0), or null from 4.0.0, which
   * passes `timeout=None` to paramiko (the connect waits as long as the OS lets a TCP connect wait).
   */
  connTimeoutDefaultS: number | null;
  /** < 4.0.0: the deprecated `timeout` operator argument and extra still set the connect timeout. */
  acceptsDeprecatedTimeout: boolean;
  /** ≥ 3.4.0: the `ssh_exit` XCom. */
  pushesSshExit: boolean;
  /** ≥ 3.10.0: `skip_on_exit_code`. */
  honoursSkipOnExitCode: boolean;
  /** ≥ 2.4.4: a one-line private_key is refused with the BEGIN/END message. */
  checksPrivateKeyLines: boolean;
  /**
   * ≥ 4.1.5: operator remote_host is given to the hook's constructor (a host-less connection works), and the
   * operator's "remote_host is provided explicitly" line comes before the hook reads the connection.
   */
  remoteHostInConstructor: boolean;
  /** ≥ 3.4.0: SSHHook.test_connection exists. */
  hasTestConnection: boolean;
  /** ≥ 3.3.0: `environment` is a template field. */
  templatesEnvironment: boolean;
  /** ≥ 7.0.0: `ssh_conn_id` is a template field too. */
  templatesSshConnId: boolean;
  /** ≥ 3.4.0: the full shell-extension template_ext. */
  shellTemplateExt: boolean;
  /** ≥ 3.12.0: `SSHOperator.on_kill` closes the hook's client ("SSH client closed."). */
  hasOnKill: boolean;
  /** ≥ 4.0.0: SSHHook(host_proxy_cmd=…), a ProxyCommand the connection goes through. */
  hasHostProxyCmd: boolean;
  /**
   * `no_host_key_check` when the connection's extras do not set it: true before 7.0.0 (unknown hosts are
   * accepted with a warning), false from 7.0.0 (unknown hosts are refused).
   */
  noHostKeyCheckDefault: boolean;
  /**
   * How the `host_key` extra is read: 'ssh-prefix' (< 6.0.0: `ssh-<type> <b64>` with rsa/dss/ecdsa/ed25519,
   * anything else RSA) or 'algorithm' (≥ 6.0.0: the algorithm name is looked up, DSS and unknown ones refused).
   */
  hostKeyExtraRule: 'ssh-prefix' | 'algorithm';
  /** The AirflowException when `private_key` cannot be loaded (the wording changed in 6.0.0). */
  unreadablePrivateKeyMessage: string;
  /**
   * The paramiko versions the provider installs with: constraints pinning another one give way to `fallback`
   * (6.0.0 needs paramiko ≥ 4; 4.1.0 – 5.x need < 4).
   */
  paramiko: { min: string | null; below: string | null; fallback: string };
  /** SSHRemoteJobOperator (≥ 4.3.0), or null for a version without it. */
  remoteJob: RemoteJobFacts | null;
  /** The provider's own task-log lines. */
  sources: SshProviderSources;
}

/** Where each task-log line of the provider's hook and operator comes from (`{file:line}` and logger). */
export interface SshProviderSources {
  /** Operator: "ssh_hook is not provided or invalid. …". */
  hookFromConnId: LogSource;
  /** Operator: "remote_host is provided explicitly. …". */
  remoteHostGiven: LogSource;
  /** Operator: "Creating ssh_client" (provider 2.3.0 – 3.7.x), or null when the version has no such line. */
  creatingClient: LogSource | null;
  /** Operator's on_kill: "SSH client closed." and "No SSH client to close." (null before 3.12.0). */
  clientClosed: LogSource | null;
  noClientToClose: LogSource | null;
  remoteIdentWarning: LogSource;
  noHostKeyWarning: LogSource;
  connectRetry: LogSource;
  runningCommand: LogSource;
  stdout: LogSource;
  stderr: LogSource;
}

/** SSHRemoteJobOperator and SSHRemoteJobTrigger of one provider version. */
export interface RemoteJobFacts {
  /**
   * Which utils/remote_job.py builds the remote commands: '4.3' (`nohup bash -c … &`, the launcher's `$!` as
   * pid, paths in single quotes), '5.0.4' (`setsid`, the kill signals the process group), '6.0' (the job writes
   * its own `$$`, stdin from /dev/null, paths through shlex.quote), '7.0' (environment values through
   * shlex.quote too).
   */
  scripts: '4.3' | '5.0.4' | '6.0' | '7.0';
  /**
   * How the trigger polls: 'connection-per-command' (< 5.0.4: a new connection for each of its three commands,
   * tenacity retrying OSError 3 times) or 'one-connection' (≥ 5.0.4: one connection, reconnecting with backoff up
   * to max_reconnect_attempts).
   */
  polling: 'connection-per-command' | 'one-connection';
  /**
   * The trigger's (asyncssh) host-key check when the extras do not set no_host_key_check: true skips it (5.0.0 –
   * 6.x); false checks against ~/.ssh/known_hosts (4.3.x, 7.x).
   */
  asyncNoHostKeyCheckDefault: boolean;
  /** ≥ 5.0.4: the operator's conn_retry_attempts, cleanup_retries, command_timeout, max_reconnect_attempts. */
  retryOptions: boolean;
  /** ≥ 5.0.4: one connection for OS detection and submission ("Connecting to <host>"). */
  oneSubmitConnection: boolean;
  sources: RemoteJobSources;
}

/** Lines of ssh_remote_job.py (operator) and triggers/ssh_remote_job.py (trigger). */
export interface RemoteJobSources {
  autoDetecting: LogSource;
  detectedPosix: LogSource;
  /** "Connecting to <host>" (≥ 5.0.4), else null. */
  connecting: LogSource | null;
  remoteOs: LogSource;
  generatedJobId: LogSource;
  submitting: LogSource;
  submitted: LogSource;
  jobDirectory: LogSource;
  remoteLine: LogSource;
  completed: LogSource;
  cleaningUp: LogSource;
  cleanupCompleted: LogSource;
  completedSuccessfully: LogSource;
  attemptingKill: LogSource;
  killSent: LogSource;
  noJobToKill: LogSource;
  /** The trigger's chunk of job output while the job runs. */
  triggerChunk: LogSource;
  triggerError: LogSource;
}
