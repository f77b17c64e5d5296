import type { EnvironmentSpec } from './environment-spec.js';

/** MWAA's environment statuses that mwaa-agent goes through. */
export type EnvironmentStatus =
  | 'CREATING'
  | 'CREATE_FAILED'
  | 'AVAILABLE'
  | 'UPDATING'
  | 'UPDATE_FAILED'
  | 'DELETING'
  | 'PENDING';

/** GetEnvironment's LastUpdate. */
export interface LastUpdate {
  Status: 'SUCCESS' | 'PENDING' | 'FAILED';
  CreatedAt: string;
  Source: string;
  Error?: { ErrorCode: string; ErrorMessage: string };
}

/** One environment as the agent keeps it (`<state>/mwaa-environment.json`). */
export interface EnvironmentRecord {
  Name: string;
  Arn: string;
  CreatedAt: string;
  Status: EnvironmentStatus;
  Tags: Record<string, string>;
  spec: EnvironmentSpec;
  LastUpdate?: LastUpdate;
}

/** The account id in ARNs (LocalStack's). */
export const ACCOUNT_ID = '000000000000';

export function environmentArn(region: string, name: string): string {
  return `arn:aws:airflow:${region}:${ACCOUNT_ID}:environment/${name}`;
}

/** GetEnvironment's `Environment`: the record as MWAA shows it, dates as epoch seconds (REST-JSON timestamps). */
export function environmentView(record: EnvironmentRecord, webserverUrl: string | null): Record<string, unknown> {
  const { spec } = record;
  return {
    Name: record.Name,
    Status: record.Status,
    Arn: record.Arn,
    CreatedAt: epochSeconds(record.CreatedAt),
    ...(webserverUrl ? { WebserverUrl: webserverUrl } : {}),
    ...spec,
    ServiceRoleArn: `arn:aws:iam::${record.Arn.split(':')[4]}:role/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA`,
    LoggingConfiguration: spec.LoggingConfiguration ?? {},
    ...(record.LastUpdate
      ? { LastUpdate: { ...record.LastUpdate, CreatedAt: epochSeconds(record.LastUpdate.CreatedAt) } }
      : {}),
    Tags: record.Tags,
  };
}

function epochSeconds(iso: string): number {
  return Date.parse(iso) / 1000;
}
