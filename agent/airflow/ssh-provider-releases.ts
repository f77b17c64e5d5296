import { at } from './log-source.js';
import type { SshProviderFacts, SshProviderSources } from './ssh-provider-facts.js';

/** A version of apache-airflow-providers-ssh at which facts change; the rest carry over from earlier rows. */
export interface SshProviderRelease {
  version: string;
  changes: Readonly<Partial<SshProviderFacts>>;
}

/**
 * Provider 2.3.0's hook ssh.py:264/270 and operator ssh.py:139/171 are the MWAA guide's (its other lines are
 * estimates).
 */
const SOURCES_2_3: SshProviderSources = {
  hookFromConnId: at('ssh.py', 112),
  creatingClient: at('ssh.py', 124),
  remoteIdentWarning: at('ssh.py', 264),
  noHostKeyWarning: at('ssh.py', 270),
  connectRetry: at('ssh.py', 296),
  runningCommand: at('ssh.py', 139),
  stdout: at('ssh.py', 171),
  stderr: at('ssh.py', 176),
};

const OPERATOR = 'airflow.task.operators.airflow.providers.ssh.operators.ssh.SSHOperator';
const HOOK = 'airflow.task.hooks.airflow.providers.ssh.hooks.ssh.SSHHook';

/**
 * Provider 3.14.0's source (hook and operator), used for every version from 2.4.0. The loggers are what
 * Airflow 3's JSON records name (2.x text lines show none); from provider 4.0 the command and its output are
 * the hook's.
 */
const SOURCES_3_14: SshProviderSources = {
  hookFromConnId: at('ssh.py', 124, OPERATOR),
  creatingClient: at('ssh.py', 158, OPERATOR),
  remoteIdentWarning: at('ssh.py', 302, HOOK),
  noHostKeyWarning: at('ssh.py', 312, HOOK),
  connectRetry: at('ssh.py', 355, HOOK),
  runningCommand: at('ssh.py', 497, HOOK),
  stdout: at('ssh.py', 543, HOOK),
  stderr: at('ssh.py', 548, HOOK),
};

/** The first provider (1.3.0), which the ones up to 2.3.x behave like. */
export const SSH_PROVIDER_BASE: SshProviderFacts = {
  legacyHostKeyLogic: true,
  savesNewHostKeys: false,
  connectRetry: false,
  wrapsErrors: true,
  logsLineByLine: false,
  appliesCmdTimeout: false,
  cmdTimeoutRule: 'none',
  pushesSshExit: false,
  honoursSkipOnExitCode: false,
  checksPrivateKeyLines: false,
  remoteHostInConstructor: false,
  hasTestConnection: false,
  templatesEnvironment: false,
  shellTemplateExt: false,
  sources: SOURCES_2_3,
};

/** In version order. A version between two rows behaves as the earlier row says. */
export const SSH_PROVIDER_RELEASES: readonly SshProviderRelease[] = [
  { version: '1.3.0', changes: {} },
  { version: '2.4.0', changes: { connectRetry: true, sources: SOURCES_3_14 } },
  { version: '2.4.4', changes: { checksPrivateKeyLines: true } },
  { version: '3.0.0', changes: { legacyHostKeyLogic: false } },
  { version: '3.1.0', changes: { wrapsErrors: false } },
  { version: '3.2.0', changes: { savesNewHostKeys: true } },
  {
    version: '3.3.0',
    changes: { logsLineByLine: true, appliesCmdTimeout: true, cmdTimeoutRule: 'operator', templatesEnvironment: true },
  },
  { version: '3.4.0', changes: { pushesSshExit: true, hasTestConnection: true, shellTemplateExt: true } },
  { version: '3.5.0', changes: { cmdTimeoutRule: 'extra-only' } },
  { version: '3.6.0', changes: { cmdTimeoutRule: 'operator-then-extra' } },
  { version: '3.8.0', changes: { sources: { ...SOURCES_3_14, creatingClient: null } } },
  { version: '3.10.0', changes: { honoursSkipOnExitCode: true } },
  { version: '4.1.5', changes: { remoteHostInConstructor: true } },
];
