import { at, type LogSource } from './log-source.js';
import type { RemoteJobFacts, RemoteJobSources, SshProviderFacts, SshProviderSources } from './ssh-provider-facts.js';

/** A version of apache-airflow-providers-ssh at which facts change; the rest carry over from earlier rows. */
export interface SshProviderRelease {
  version: string;
  changes: Readonly<Partial<SshProviderFacts>>;
}

/** The loggers of the provider's records (LoggingMixin names: `airflow.task.<kind>.<module>.<class>`). */
const OPERATOR_LOGGER = 'airflow.task.operators.airflow.providers.ssh.operators.ssh.SSHOperator';
const HOOK_LOGGER = 'airflow.task.hooks.airflow.providers.ssh.hooks.ssh.SSHHook';
const REMOTE_JOB_LOGGER = 'airflow.task.operators.airflow.providers.ssh.operators.ssh_remote_job.SSHRemoteJobOperator';
const TRIGGER_LOGGER = 'airflow.providers.ssh.triggers.ssh_remote_job.SSHRemoteJobTrigger';

const op = (line: number): LogSource => at('ssh.py', line, OPERATOR_LOGGER);
const hook = (line: number): LogSource => at('ssh.py', line, HOOK_LOGGER);

/**
 * The provider's lines from its source: operator (ssh_hook, remote_host, on_kill's two) and hook (host-key
 * warnings, retry, running command, stdout, stderr), as `grep -n` finds the logging calls in the wheel.
 */
function sources(o: [number, number, number, number], h: [number, number, number, number, number, number]) {
  const [hookFromConnId, remoteHostGiven, clientClosed, noClientToClose] = o;
  const [remoteIdent, noHostKey, retry, running, stdout, stderr] = h;
  return {
    hookFromConnId: op(hookFromConnId),
    remoteHostGiven: op(remoteHostGiven),
    creatingClient: null,
    clientClosed: op(clientClosed),
    noClientToClose: op(noClientToClose),
    remoteIdentWarning: hook(remoteIdent),
    noHostKeyWarning: hook(noHostKey),
    connectRetry: hook(retry),
    runningCommand: hook(running),
    stdout: hook(stdout),
    stderr: hook(stderr),
  } satisfies SshProviderSources;
}

/**
 * Provider 2.3.0's hook ssh.py:264/270 and operator ssh.py:139/171 are the MWAA guide's (its other lines are
 * estimates).
 */
const SOURCES_2_3: SshProviderSources = {
  hookFromConnId: op(112),
  remoteHostGiven: op(112),
  creatingClient: op(124),
  clientClosed: null,
  noClientToClose: null,
  remoteIdentWarning: hook(264),
  noHostKeyWarning: hook(270),
  connectRetry: hook(296),
  runningCommand: hook(139),
  stdout: hook(171),
  stderr: hook(176),
};

/** Provider 3.14.0's source (hook and operator), used for every version from 2.4.0 to 3.14.x. */
const SOURCES_3_14: SshProviderSources = {
  ...sources([124, 132, 207, 209], [302, 312, 355, 497, 543, 548]),
  creatingClient: op(158),
};

/** Lines of SSHRemoteJobOperator (ssh_remote_job.py) and its trigger, in RemoteJobSources order. */
function remoteJobSources(lines: number[]): RemoteJobSources {
  const names: (keyof RemoteJobSources)[] = [
    'autoDetecting',
    'detectedPosix',
    'connecting',
    'remoteOs',
    'generatedJobId',
    'submitting',
    'submitted',
    'jobDirectory',
    'remoteLine',
    'completed',
    'cleaningUp',
    'cleanupCompleted',
    'completedSuccessfully',
    'attemptingKill',
    'killSent',
    'noJobToKill',
    'triggerChunk',
    'triggerError',
  ];
  const trigger = new Set<keyof RemoteJobSources>(['triggerChunk', 'triggerError']);
  return Object.fromEntries(
    names.map((n, i) => {
      const line = lines[i]!;
      if (line === 0) return [n, null];
      return [n, at('ssh_remote_job.py', line, trigger.has(n) ? TRIGGER_LOGGER : REMOTE_JOB_LOGGER)];
    }),
  ) as unknown as RemoteJobSources;
}

/** SSHRemoteJobOperator as 4.3.0 introduced it (unchanged to 5.0.3). */
const REMOTE_JOB_4_3: RemoteJobFacts = {
  scripts: '4.3',
  polling: 'connection-per-command',
  asyncNoHostKeyCheckDefault: false,
  retryOptions: false,
  oneSubmitConnection: false,
  sources: remoteJobSources([187, 210, 0, 245, 254, 275, 295, 296, 348, 374, 393, 408, 389, 438, 453, 435, 251, 255]),
};

/** 5.0.4: setsid, one trigger connection, the retry options, one submit connection. */
const REMOTE_JOB_5_0_4: RemoteJobFacts = {
  scripts: '5.0.4',
  polling: 'one-connection',
  asyncNoHostKeyCheckDefault: true,
  retryOptions: true,
  oneSubmitConnection: true,
  sources: remoteJobSources([218, 240, 286, 304, 281, 325, 344, 345, 399, 427, 453, 470, 442, 512, 527, 509, 316, 320]),
};

const MSG_PKEY_4 =
  'Private key provided cannot be read by paramiko.Ensure key provided is valid for one of the followingkey formats: RSA, DSS, ECDSA, or Ed25519';
const MSG_PKEY_6 =
  'Private key provided cannot be read by paramiko. Ensure key provided is valid for one of the following key formats: RSA, ECDSA, or Ed25519.';

/** The first provider (1.3.0), which the ones up to 2.3.x behave like. */
export const SSH_PROVIDER_BASE: SshProviderFacts = {
  legacyHostKeyLogic: true,
  savesNewHostKeys: false,
  connectRetry: false,
  wrapsErrors: true,
  logsLineByLine: false,
  appliesCmdTimeout: false,
  cmdTimeoutRule: 'none',
  cmdTimeoutExtraParse: 'int',
  connTimeoutDefaultS: 10,
  acceptsDeprecatedTimeout: true,
  pushesSshExit: false,
  honoursSkipOnExitCode: false,
  checksPrivateKeyLines: false,
  remoteHostInConstructor: false,
  hasTestConnection: false,
  templatesEnvironment: false,
  templatesSshConnId: false,
  shellTemplateExt: false,
  hasOnKill: false,
  hasHostProxyCmd: false,
  noHostKeyCheckDefault: true,
  hostKeyExtraRule: 'ssh-prefix',
  unreadablePrivateKeyMessage: MSG_PKEY_4,
  paramiko: { min: null, below: null, fallback: '2.7.2' },
  remoteJob: null,
  sources: SOURCES_2_3,
};

/**
 * In version order. A version between two rows behaves as the earlier row says. From 4.0.0 on, every row is
 * read from the released wheel (its line numbers move with nearly every release, so each checked release has
 * a row); 4.1.1–4.1.2, 4.3.2–4.3.3, 5.0.1–5.0.3 and 6.1.x were not checked and take the row before them.
 */
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
  { version: '3.12.0', changes: { hasOnKill: true } },
  {
    // Deprecated surface removed (timeout, __enter__, create_tunnel), host_proxy_cmd added, conn_timeout no
    // longer defaults to 10.
    version: '4.0.0',
    changes: {
      acceptsDeprecatedTimeout: false,
      connTimeoutDefaultS: null,
      hasHostProxyCmd: true,
      sources: sources([123, 131, 191, 193], [276, 286, 329, 432, 478, 483]),
    },
  },
  {
    version: '4.0.1',
    changes: { cmdTimeoutExtraParse: 'float', sources: sources([123, 131, 191, 193], [275, 285, 328, 431, 477, 482]) },
  },
  {
    version: '4.1.0',
    changes: { paramiko: { min: null, below: '4.0.0', fallback: '3.5.1' } },
  },
  { version: '4.1.3', changes: { sources: sources([123, 131, 191, 193], [276, 286, 329, 432, 478, 483]) } },
  { version: '4.1.4', changes: { sources: sources([123, 131, 191, 193], [277, 287, 330, 438, 484, 489]) } },
  {
    version: '4.1.5',
    changes: { remoteHostInConstructor: true, sources: sources([123, 125, 191, 193], [277, 287, 330, 438, 484, 489]) },
  },
  { version: '4.2.0', changes: { sources: sources([127, 129, 195, 197], [288, 298, 341, 449, 495, 500]) } },
  {
    version: '4.3.0',
    changes: { remoteJob: REMOTE_JOB_4_3, sources: sources([125, 127, 193, 195], [287, 297, 340, 448, 494, 499]) },
  },
  { version: '4.3.1', changes: { sources: sources([125, 127, 193, 195], [288, 298, 341, 449, 495, 500]) } },
  {
    version: '5.0.0',
    changes: {
      remoteJob: { ...REMOTE_JOB_4_3, asyncNoHostKeyCheckDefault: true },
      sources: sources([125, 127, 193, 195], [287, 297, 340, 434, 480, 485]),
    },
  },
  {
    version: '5.0.4',
    changes: { remoteJob: REMOTE_JOB_5_0_4, sources: sources([125, 127, 193, 195], [292, 302, 345, 439, 485, 490]) },
  },
  {
    // paramiko >= 4: no DSS keys (private keys, host keys); the host_key extra is read by algorithm name.
    version: '6.0.0',
    changes: {
      paramiko: { min: '4.0.0', below: null, fallback: '5.0.0' },
      hostKeyExtraRule: 'algorithm',
      unreadablePrivateKeyMessage: MSG_PKEY_6,
      remoteJob: { ...REMOTE_JOB_5_0_4, scripts: '6.0' },
      sources: sources([125, 127, 193, 195], [318, 328, 371, 465, 511, 516]),
    },
  },
  {
    version: '6.0.1',
    changes: {
      remoteJob: {
        ...REMOTE_JOB_5_0_4,
        scripts: '6.0',
        sources: remoteJobSources([
          215, 237, 286, 304, 281, 325, 344, 345, 399, 427, 453, 470, 442, 512, 527, 509, 316, 320,
        ]),
      },
      sources: sources([123, 125, 194, 196], [318, 328, 371, 468, 514, 519]),
    },
  },
  {
    // Host keys are verified by default; ssh_conn_id is templated.
    version: '7.0.0',
    changes: {
      noHostKeyCheckDefault: false,
      templatesSshConnId: true,
      remoteJob: {
        ...REMOTE_JOB_5_0_4,
        scripts: '7.0',
        asyncNoHostKeyCheckDefault: false,
        sources: remoteJobSources([
          221, 243, 292, 310, 287, 331, 350, 351, 405, 433, 459, 476, 448, 518, 533, 515, 316, 320,
        ]),
      },
      sources: sources([123, 125, 194, 196], [354, 364, 407, 504, 556, 561]),
    },
  },
  {
    version: '7.0.1',
    changes: {
      remoteJob: {
        ...REMOTE_JOB_5_0_4,
        scripts: '7.0',
        asyncNoHostKeyCheckDefault: false,
        sources: remoteJobSources([
          223, 245, 294, 312, 289, 333, 352, 353, 407, 435, 461, 478, 450, 520, 535, 517, 316, 320,
        ]),
      },
    },
  },
];
