import { DEFAULT_AIRFLOW_VERSION, MWAA_AIRFLOW_VERSIONS } from '../airflow/mwaa-versions.js';
import { validationError } from './mwaa-api-error.js';

/**
 * What an environment is configured with: the members of CreateEnvironment/UpdateEnvironment that mwaa-agent
 * stores and returns (GetEnvironment answers them as given). Only some change what the agent does: the
 * bucket, the paths and object versions, the Airflow version and the configuration options.
 */
export interface EnvironmentSpec {
  ExecutionRoleArn: string;
  SourceBucketArn: string;
  DagS3Path: string;
  NetworkConfiguration: { SubnetIds?: string[]; SecurityGroupIds?: string[] };
  AirflowVersion: string;
  PluginsS3Path?: string;
  PluginsS3ObjectVersion?: string;
  RequirementsS3Path?: string;
  RequirementsS3ObjectVersion?: string;
  StartupScriptS3Path?: string;
  StartupScriptS3ObjectVersion?: string;
  AirflowConfigurationOptions: Record<string, string>;
  EnvironmentClass: string;
  MaxWorkers: number;
  MinWorkers: number;
  Schedulers: number;
  MaxWebservers: number;
  MinWebservers: number;
  WebserverAccessMode: string;
  EndpointManagement: string;
  WeeklyMaintenanceWindowStart: string;
  KmsKey?: string;
  LoggingConfiguration?: Record<string, unknown>;
}

/** A member's rules as the service model states them (botocore/data/mwaa/2020-07-01/service-2.json). */
interface Rule {
  member: keyof EnvironmentSpec | 'Name' | 'Tags';
  type: 'string' | 'integer' | 'map' | 'structure';
  pattern?: RegExp;
  patternText?: string;
  min?: number;
  max?: number;
  enum?: readonly string[];
}

const ARN_ROLE = 'arn:aws(-[a-z]+)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+';
const ARN_BUCKET = 'arn:aws(-[a-z]+)?:s3:::[a-z0-9.\\-]+';
const KMS_KEY =
  '(((arn:aws(-[a-z]+)?:kms:[a-z]{2}-[a-z]+-\\d:\\d+:)?key\\/)?[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}|(arn:aws(-[a-z]+)?:kms:[a-z]{2}-[a-z]+-\\d:\\d+:)?alias/.+)';
export const NAME_PATTERN = '[a-zA-Z][0-9a-zA-Z-_]*';

function re(p: string): Pick<Rule, 'pattern' | 'patternText'> {
  return { pattern: new RegExp(`^(?:${p})$`), patternText: p };
}

const RULES: readonly Rule[] = [
  { member: 'ExecutionRoleArn', type: 'string', ...re(ARN_ROLE), min: 1, max: 1224 },
  { member: 'SourceBucketArn', type: 'string', ...re(ARN_BUCKET), min: 1, max: 1224 },
  { member: 'DagS3Path', type: 'string', max: 1024 },
  { member: 'NetworkConfiguration', type: 'structure' },
  { member: 'PluginsS3Path', type: 'string', max: 1024 },
  { member: 'PluginsS3ObjectVersion', type: 'string', max: 1024 },
  { member: 'RequirementsS3Path', type: 'string', max: 1024 },
  { member: 'RequirementsS3ObjectVersion', type: 'string', max: 1024 },
  { member: 'StartupScriptS3Path', type: 'string', max: 1024 },
  { member: 'StartupScriptS3ObjectVersion', type: 'string', max: 1024 },
  { member: 'AirflowConfigurationOptions', type: 'map' },
  { member: 'EnvironmentClass', type: 'string', min: 1, max: 1024 },
  { member: 'MaxWorkers', type: 'integer', min: 1 },
  { member: 'MinWorkers', type: 'integer', min: 1 },
  { member: 'Schedulers', type: 'integer', max: 5 },
  { member: 'MaxWebservers', type: 'integer', min: 1 },
  { member: 'MinWebservers', type: 'integer', min: 1 },
  { member: 'KmsKey', type: 'string', ...re(KMS_KEY), min: 1, max: 1224 },
  { member: 'AirflowVersion', type: 'string', ...re('[0-9a-z.]+'), min: 1, max: 32 },
  { member: 'LoggingConfiguration', type: 'structure' },
  {
    member: 'WeeklyMaintenanceWindowStart',
    type: 'string',
    ...re('.*(MON|TUE|WED|THU|FRI|SAT|SUN):([01]\\d|2[0-3]):(00|30).*'),
    min: 1,
    max: 9,
  },
  { member: 'Tags', type: 'map', min: 1, max: 50 },
  { member: 'WebserverAccessMode', type: 'string', enum: ['PRIVATE_ONLY', 'PUBLIC_ONLY', 'PUBLIC_AND_PRIVATE'] },
  { member: 'EndpointManagement', type: 'string', enum: ['CUSTOMER', 'SERVICE'] },
];

const CREATE_REQUIRED = ['ExecutionRoleArn', 'SourceBucketArn', 'DagS3Path', 'NetworkConfiguration'] as const;

/** MWAA's environment classes and the schedulers each allows (its "Environment class" page). */
const ENVIRONMENT_CLASSES: Readonly<Record<string, { schedulers: [number, number] }>> = {
  'mw1.micro': { schedulers: [1, 1] },
  'mw1.small': { schedulers: [2, 5] },
  'mw1.medium': { schedulers: [2, 5] },
  'mw1.large': { schedulers: [2, 5] },
  'mw1.xlarge': { schedulers: [2, 5] },
  'mw1.2xlarge': { schedulers: [2, 5] },
};

/** The member's name as the validation message spells it (Coral's lower camel case: `sourceBucketArn`). */
function path(member: string): string {
  return member[0]!.toLowerCase() + member.slice(1);
}

/** Smithy's constraint checks, each failure in Coral's words ("Value 'x' at 'name' failed to satisfy …"). */
function constraintFailures(input: Record<string, unknown>, rules: readonly Rule[]): string[] {
  const failures: string[] = [];
  for (const r of rules) {
    const v = input[r.member];
    if (v === undefined || v === null) continue;
    const at = `at '${path(r.member)}'`;
    const shown = typeof v === 'string' ? `'${v}'` : typeof v === 'number' ? `'${v}'` : 'null';
    if (r.type === 'string' && typeof v !== 'string')
      failures.push(`Value ${shown} ${at} failed to satisfy constraint: Member must be a string`);
    else if (r.type === 'integer' && !Number.isInteger(v))
      failures.push(`Value ${shown} ${at} failed to satisfy constraint: Member must be an integer`);
    else if ((r.type === 'map' || r.type === 'structure') && (typeof v !== 'object' || Array.isArray(v)))
      failures.push(`Value ${shown} ${at} failed to satisfy constraint: Member must be an object`);
    else if (typeof v === 'string') {
      if (r.max !== undefined && v.length > r.max)
        failures.push(
          `Value ${shown} ${at} failed to satisfy constraint: Member must have length less than or equal to ${r.max}`,
        );
      else if (r.min !== undefined && v.length < r.min)
        failures.push(
          `Value ${shown} ${at} failed to satisfy constraint: Member must have length greater than or equal to ${r.min}`,
        );
      else if (r.pattern && !r.pattern.test(v))
        failures.push(
          `Value ${shown} ${at} failed to satisfy constraint: Member must satisfy regular expression pattern: ${r.patternText}`,
        );
      else if (r.enum && !r.enum.includes(v))
        failures.push(
          `Value ${shown} ${at} failed to satisfy constraint: Member must satisfy enum value set: [${r.enum.join(', ')}]`,
        );
    } else if (typeof v === 'number') {
      if (r.max !== undefined && v > r.max)
        failures.push(
          `Value ${shown} ${at} failed to satisfy constraint: Member must have value less than or equal to ${r.max}`,
        );
      else if (r.min !== undefined && v < r.min)
        failures.push(
          `Value ${shown} ${at} failed to satisfy constraint: Member must have value greater than or equal to ${r.min}`,
        );
    } else if (r.type === 'map' && r.max !== undefined && Object.keys(v as object).length > r.max)
      failures.push(
        `Value ${shown} ${at} failed to satisfy constraint: Member must have length less than or equal to ${r.max}`,
      );
  }
  return failures;
}

function throwFailures(failures: string[]): void {
  if (failures.length === 0) return;
  const n = failures.length;
  throw validationError(`${n} validation error${n === 1 ? '' : 's'} detected: ${failures.join('; ')}`);
}

/** The environment name in the request path, checked as the model checks `Name`. */
export function checkName(name: string, member = 'name'): void {
  const failures: string[] = [];
  if (name.length > 80)
    failures.push(
      `Value '${name}' at '${member}' failed to satisfy constraint: Member must have length less than or equal to 80`,
    );
  else if (!new RegExp(`^(?:${NAME_PATTERN})$`).test(name))
    failures.push(
      `Value '${name}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${NAME_PATTERN}`,
    );
  throwFailures(failures);
}

/** Checks the tags map (keys and values as the model allows them). */
export function checkTags(tags: unknown): Record<string, string> {
  throwFailures(constraintFailures({ Tags: tags }, RULES));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((tags ?? {}) as Record<string, unknown>)) {
    if (typeof v !== 'string' || k.length > 128 || v.length > 256)
      throwFailures([
        `Value '${k}' at 'tags' failed to satisfy constraint: Map keys must have length less than or equal to 128 and values length less than or equal to 256`,
      ]);
    out[k] = v as string;
  }
  return out;
}

/** CreateEnvironment's body → the spec with MWAA's defaults, or a ValidationException. */
export function specFromCreate(body: Record<string, unknown>): EnvironmentSpec {
  const failures = CREATE_REQUIRED.filter((m) => body[m] === undefined || body[m] === null).map(
    (m) => `Value null at '${path(m)}' failed to satisfy constraint: Member must not be null`,
  );
  throwFailures([...failures, ...constraintFailures(body, RULES)]);
  const spec: EnvironmentSpec = {
    AirflowVersion: DEFAULT_AIRFLOW_VERSION,
    AirflowConfigurationOptions: {},
    EnvironmentClass: 'mw1.small',
    MaxWorkers: 10,
    MinWorkers: 1,
    Schedulers: 2,
    MaxWebservers: 2,
    MinWebservers: 2,
    WebserverAccessMode: 'PRIVATE_ONLY',
    EndpointManagement: 'SERVICE',
    WeeklyMaintenanceWindowStart: 'SUN:03:30',
    ...(pick(body) as Partial<EnvironmentSpec>),
  } as EnvironmentSpec;
  checkSemantics(spec, null);
  return spec;
}

/** UpdateEnvironment's body applied to the current spec, or a ValidationException. */
export function specFromUpdate(current: EnvironmentSpec, body: Record<string, unknown>): EnvironmentSpec {
  throwFailures(constraintFailures(body, RULES));
  const next = { ...current, ...(pick(body) as Partial<EnvironmentSpec>) };
  checkSemantics(next, current);
  return next;
}

/** The members of the spec found in a request body (anything else is ignored, as unknown members are). */
function pick(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of RULES) if (r.member !== 'Tags' && body[r.member] !== undefined) out[r.member] = body[r.member];
  return out;
}

/** MWAA's checks beyond the model: versions it offers, no downgrade, classes and their scheduler counts. */
function checkSemantics(spec: EnvironmentSpec, current: EnvironmentSpec | null): void {
  if (!MWAA_AIRFLOW_VERSIONS.includes(spec.AirflowVersion) || spec.AirflowVersion === '1.10.12')
    throw validationError(
      `Invalid AirflowVersion ${spec.AirflowVersion}: Amazon MWAA supports ${MWAA_AIRFLOW_VERSIONS.filter((v) => v !== '1.10.12').join(', ')}`,
    );
  if (current && compareVersions(spec.AirflowVersion, current.AirflowVersion) < 0)
    throw validationError(
      `Downgrading the Airflow version from ${current.AirflowVersion} to ${spec.AirflowVersion} is not supported`,
    );
  const cls = ENVIRONMENT_CLASSES[spec.EnvironmentClass];
  if (!cls)
    throw validationError(
      `Invalid EnvironmentClass ${spec.EnvironmentClass}: valid classes are ${Object.keys(ENVIRONMENT_CLASSES).join(', ')}`,
    );
  const [lo, hi] = cls.schedulers;
  if (spec.Schedulers < lo || spec.Schedulers > hi)
    throw validationError(
      `Schedulers must be between ${lo} and ${hi} for EnvironmentClass ${spec.EnvironmentClass}, got ${spec.Schedulers}`,
    );
  if (spec.MinWorkers > spec.MaxWorkers)
    throw validationError(`MinWorkers (${spec.MinWorkers}) must not be greater than MaxWorkers (${spec.MaxWorkers})`);
  const net = spec.NetworkConfiguration;
  if (net.SubnetIds !== undefined && (!Array.isArray(net.SubnetIds) || net.SubnetIds.length !== 2))
    throw validationError(
      "1 validation error detected: Value at 'networkConfiguration.subnetIds' failed to satisfy constraint: Member must have length less than or equal to 2 and greater than or equal to 2",
    );
  for (const [k, v] of Object.entries(spec.AirflowConfigurationOptions)) {
    if (!/^[a-z]+([a-z0-9._]*[a-z0-9_]+)?$/.test(k) || k.length > 64 || typeof v !== 'string' || !/^[ -~]+$/.test(v))
      throw validationError(
        `1 validation error detected: Value at 'airflowConfigurationOptions' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-z]+([a-z0-9._]*[a-z0-9_]+)?] (key ${JSON.stringify(k)})`,
      );
  }
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The bucket name of `arn:aws:s3:::name`. */
export function bucketOf(arn: string): string {
  return arn.slice(arn.indexOf(':::') + 3);
}
