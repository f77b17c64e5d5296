/**
 * The Airflow/Python pairs MWAA offers and the pins mwaa-agent ships for them, so a check works offline.
 * Source: ../shared/reference/mwaa.md §2.2 (aws-mwaa-local-runner constraints per branch for ≤ 2.8.1,
 * amazon-mwaa-docker-images for ≥ 2.9.2). Only the pins listed here are known offline; a fetched or cached
 * constraints file replaces them with the complete list.
 */
export interface MwaaVersion {
  airflow: string;
  python: string;
  /** apache-airflow-providers-ssh in the version's constraints; null for 1.10.12 (no provider packages). */
  sshProvider: string | null;
  paramiko: string;
  /** Extra pins known offline (canonical name → version), e.g. sshtunnel, MWAA's essential packages. */
  extraPins?: Readonly<Record<string, string>>;
}

/** MWAA's essential packages for 2.10.3 (amazon-mwaa-docker-images `etc/mwaa_essential_constraints.txt`). */
const ESSENTIAL_2_10_3: Record<string, string> = {
  'flask-appbuilder': '4.5.2',
  'flask-babel': '2.0.0',
  'flask-bcrypt': '1.0.1',
  'flask-caching': '2.3.0',
  'flask-jwt-extended': '4.6.0',
  'flask-limiter': '3.8.0',
  'flask-login': '0.6.3',
  'flask-sqlalchemy': '2.5.1',
  'flask-session': '0.5.0',
  'flask-wtf': '1.2.2',
  flask: '2.2.5',
  gunicorn: '23.0.0',
  billiard: '4.2.1',
  celery: '5.4.0',
  gevent: '24.10.3',
  greenlet: '3.1.1',
  kombu: '5.4.2',
  vine: '5.1.0',
  'sqlalchemy-jsonfield': '1.0.2',
  'sqlalchemy-utils': '0.41.2',
  sqlalchemy: '1.4.54',
  statsd: '4.0.1',
  watchtower: '3.3.1',
  'fluent-logger': '0.11.1',
};

const ESSENTIAL_3_0_6: Record<string, string> = {
  ...ESSENTIAL_2_10_3,
  'flask-appbuilder': '4.6.3',
  'flask-jwt-extended': '4.7.1',
  'flask-limiter': '3.12',
  celery: '5.5.2',
  gevent: '25.5.1',
  greenlet: '3.2.4',
  kombu: '5.5.4',
  watchtower: '3.4.0',
};

export const MWAA_VERSIONS: readonly MwaaVersion[] = [
  { airflow: '1.10.12', python: '3.7', sshProvider: null, paramiko: '2.7.1', extraPins: { sshtunnel: '0.1.5' } },
  { airflow: '2.0.2', python: '3.7', sshProvider: '1.3.0', paramiko: '2.7.2' },
  { airflow: '2.2.2', python: '3.7', sshProvider: '2.3.0', paramiko: '2.8.0' },
  { airflow: '2.4.3', python: '3.10', sshProvider: '3.2.0', paramiko: '2.12.0' },
  { airflow: '2.5.1', python: '3.10', sshProvider: '3.4.0', paramiko: '2.12.0' },
  { airflow: '2.6.3', python: '3.10', sshProvider: '3.7.1', paramiko: '3.2.0' },
  { airflow: '2.7.2', python: '3.11', sshProvider: '3.7.3', paramiko: '3.3.1' },
  { airflow: '2.8.1', python: '3.11', sshProvider: '3.10.0', paramiko: '3.4.0' },
  { airflow: '2.9.2', python: '3.11', sshProvider: '3.11.1', paramiko: '3.4.0' },
  { airflow: '2.10.1', python: '3.11', sshProvider: '3.13.1', paramiko: '3.4.1' },
  { airflow: '2.10.3', python: '3.11', sshProvider: '3.14.0', paramiko: '3.5.0', extraPins: ESSENTIAL_2_10_3 },
  { airflow: '2.11.0', python: '3.12', sshProvider: '4.1.0', paramiko: '3.5.1' },
  { airflow: '2.11.2', python: '3.12', sshProvider: '4.3.1', paramiko: '3.5.1' },
  { airflow: '3.0.6', python: '3.12', sshProvider: '4.1.3', paramiko: '3.5.1', extraPins: ESSENTIAL_3_0_6 },
  { airflow: '3.2.1', python: '3.12', sshProvider: '5.0.0', paramiko: '3.5.1' },
  { airflow: '3.3.1', python: '3.12', sshProvider: '6.0.1', paramiko: '5.0.0' },
];

/** Issue 2: the profile when requirements.txt names no constraints. */
export const DEFAULT_AIRFLOW_VERSION = '2.10.3';
export const DEFAULT_PYTHON_VERSION = '3.11';

/** "Beginning with Apache Airflow v2.7.2 … If you don't provide a constraint, Amazon MWAA will specify one." */
export const FORCED_CONSTRAINTS_SINCE = '2.7.2';

/**
 * MWAA's essential packages, which `safe-pip-install` pins with `--constraint` on every install
 * (amazon-mwaa-docker-images `etc/mwaa_essential_constraints.txt`, images ≥ 2.9.2). Canonical names.
 */
export const ESSENTIAL_PACKAGES: readonly string[] = ['apache-airflow', ...Object.keys(ESSENTIAL_2_10_3)];
/** The images that enforce essential packages (older MWAA and aws-mwaa-local-runner did not). */
export const ESSENTIAL_SINCE = '2.9.2';

export function findMwaaVersion(airflow: string, python?: string): MwaaVersion | undefined {
  return MWAA_VERSIONS.find((v) => v.airflow === airflow && (python === undefined || v.python === python));
}

/** "1.10.12/3.7, 2.0.2/3.7, …" for error messages. */
export function offeredPairs(): string {
  return MWAA_VERSIONS.map((v) => `${v.airflow}/${v.python}`).join(', ');
}

/** The Apache constraints URL MWAA uses for a version (the default it forces from 2.7.2). */
export function defaultConstraintsUrl(airflow: string, python: string): string {
  return `https://raw.githubusercontent.com/apache/airflow/constraints-${airflow}/constraints-${python}.txt`;
}

/**
 * Pins known offline for a version: ssh provider, paramiko and the extras. Like Apache's files, these
 * constraints do not pin apache-airflow itself (MWAA's essential constraints do: see ESSENTIAL_PACKAGES).
 */
export function shippedPins(v: MwaaVersion): Map<string, string> {
  const pins = new Map<string, string>(Object.entries(v.extraPins ?? {}));
  pins.set('paramiko', v.paramiko);
  if (v.sshProvider) pins.set('apache-airflow-providers-ssh', v.sshProvider);
  return pins;
}
