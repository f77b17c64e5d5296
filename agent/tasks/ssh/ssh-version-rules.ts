import { compareReleaseDotted } from '../../python/version-order.js';
import type { AirflowProfile } from '../operator.js';
import type { LogSource } from '../task-log.js';

/** Where each task-log line of the SSH path comes from (`{file:line}`), for one provider/Airflow version. */
export interface SshLogSources {
  /** `BaseHook.get_connection` in airflow/hooks/base.py. */
  connection: LogSource;
  /** Operator: "ssh_hook is not provided or invalid. …" and "remote_host is provided explicitly. …". */
  hookFromConnId: LogSource;
  /** Operator: "Creating ssh_client" (provider 2.3.0 – 3.7.x), or null when the version has no such line. */
  creatingClient: LogSource | null;
  remoteIdentWarning: LogSource;
  noHostKeyWarning: LogSource;
  connectRetry: LogSource;
  /** paramiko's `Transport._log`: every paramiko record carries the same line. */
  paramiko: LogSource;
  runningCommand: LogSource;
  stdout: LogSource;
  stderr: LogSource;
}

/**
 * The behaviour switches of the SSH provider that goes with the emulated Airflow (airflow-ssh.md §0 and the
 * changelog points it lists). Everything version-dependent in agent/tasks/ssh reads this, never the
 * version strings.
 */
export interface SshBehaviour {
  providerVersion: string;
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
  /** How the command timeout is chosen: see resolveCmdTimeout. */
  cmdTimeoutRule: 'none' | 'operator' | 'extra-only' | 'operator-then-extra';
  /** ≥ 3.4.0. */
  pushesSshExit: boolean;
  /** ≥ 3.10.0. */
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
  /** How Airflow's BaseHook.get_connection announces the connection. */
  connectionLine: 'v2.0' | 'v2.1' | 'v2.3' | 'v2.10';
  sources: SshLogSources;
}

const at = (file: string, line: number): LogSource => ({ file, line });
const atLeast = (v: string, min: string): boolean => compareReleaseDotted(v, min) >= 0;

/** The provider Airflow's constraints pin when the requirements name none (airflow-ssh.md §0). */
function defaultProviderFor(airflowVersion: string): string {
  const table: [string, string][] = [
    ['2.11.0', '4.1.0'],
    ['2.10.3', '3.14.0'],
    ['2.10.1', '3.13.1'],
    ['2.9.2', '3.11.1'],
    ['2.8.1', '3.10.0'],
    ['2.7.2', '3.7.3'],
    ['2.6.3', '3.7.1'],
    ['2.5.1', '3.4.0'],
    ['2.4.3', '3.2.0'],
    ['2.2.2', '2.3.0'],
    ['2.0.2', '1.3.0'],
  ];
  return table.find(([af]) => atLeast(airflowVersion, af))?.[1] ?? '1.3.0';
}

/**
 * paramiko's `Transport._log` line for the paramiko that goes with the Airflow version: 1819 (paramiko 2.8.0)
 * is the MWAA guide's, 1944 is paramiko 3.5.0's source (Airflow 2.10.3+); the others are unverified.
 */
function paramikoLine(airflowVersion: string): number {
  if (atLeast(airflowVersion, '2.8.0')) return 1944;
  if (atLeast(airflowVersion, '2.6.0')) return 1893;
  if (atLeast(airflowVersion, '2.4.0')) return 1873;
  return 1819;
}

function connectionSource(airflowVersion: string): [SshBehaviour['connectionLine'], LogSource] {
  if (atLeast(airflowVersion, '2.10.0')) return ['v2.10', at('base.py', 84)];
  if (atLeast(airflowVersion, '2.7.0')) return ['v2.3', at('base.py', 83)];
  if (atLeast(airflowVersion, '2.3.0')) return ['v2.3', at('base.py', 73)];
  if (atLeast(airflowVersion, '2.2.0')) return ['v2.1', at('base.py', 79)];
  if (atLeast(airflowVersion, '2.1.0')) return ['v2.1', at('base.py', 80)];
  return ['v2.0', at('base.py', 79)];
}

/**
 * Line numbers: provider 2.3.0's hook ssh.py:264/270 and operator ssh.py:139/171 are the MWAA guide's (its
 * other lines are estimates); the ≥ 2.4.0 set is provider 3.14.0's source (hook and operator), used for
 * every later version.
 */
function providerSources(provider: string): Omit<SshLogSources, 'connection' | 'paramiko'> {
  if (!atLeast(provider, '2.4.0')) {
    return {
      hookFromConnId: at('ssh.py', 112),
      creatingClient: at('ssh.py', 124),
      remoteIdentWarning: at('ssh.py', 264),
      noHostKeyWarning: at('ssh.py', 270),
      connectRetry: at('ssh.py', 296),
      runningCommand: at('ssh.py', 139),
      stdout: at('ssh.py', 171),
      stderr: at('ssh.py', 176),
    };
  }
  return {
    hookFromConnId: at('ssh.py', 124),
    creatingClient: atLeast(provider, '3.8.0') ? null : at('ssh.py', 158),
    remoteIdentWarning: at('ssh.py', 302),
    noHostKeyWarning: at('ssh.py', 312),
    connectRetry: at('ssh.py', 355),
    runningCommand: at('ssh.py', 497),
    stdout: at('ssh.py', 543),
    stderr: at('ssh.py', 548),
  };
}

/** The behaviour of the SSH provider installed with the profile's Airflow (or the explicit provider version). */
export function sshBehaviour(profile: AirflowProfile): SshBehaviour {
  const p = profile.sshProviderVersion ?? defaultProviderFor(profile.airflowVersion);
  const [connectionLine, connection] = connectionSource(profile.airflowVersion);
  return {
    providerVersion: p,
    legacyHostKeyLogic: !atLeast(p, '3.0.0'),
    savesNewHostKeys: atLeast(p, '3.2.0'),
    connectRetry: atLeast(p, '2.4.0'),
    wrapsErrors: !atLeast(p, '3.1.0'),
    logsLineByLine: atLeast(p, '3.3.0'),
    appliesCmdTimeout: atLeast(p, '3.3.0'),
    cmdTimeoutRule: !atLeast(p, '3.3.0')
      ? 'none'
      : !atLeast(p, '3.5.0')
        ? 'operator'
        : !atLeast(p, '3.6.0')
          ? 'extra-only'
          : 'operator-then-extra',
    pushesSshExit: atLeast(p, '3.4.0'),
    honoursSkipOnExitCode: atLeast(p, '3.10.0'),
    checksPrivateKeyLines: atLeast(p, '2.4.4'),
    remoteHostInConstructor: atLeast(p, '4.1.5'),
    hasTestConnection: atLeast(p, '3.4.0'),
    templatesEnvironment: atLeast(p, '3.3.0'),
    shellTemplateExt: atLeast(p, '3.4.0'),
    connectionLine,
    sources: { ...providerSources(p), connection, paramiko: at('transport.py', paramikoLine(profile.airflowVersion)) },
  };
}
