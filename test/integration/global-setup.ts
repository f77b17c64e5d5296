import type { TestProject } from 'vitest/node';
import { LocalStack } from '../../harness/localstack.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the one LocalStack (S3, SQS, Secrets Manager, SSM) shared by the integration run. */
    s3Endpoint: string;
  }
}

let localstack: LocalStack | undefined;

/**
 * Starts ONE LocalStack for the whole integration run; tests read its URL with `inject('s3Endpoint')` and
 * create their own uniquely named buckets. Tests that stop the endpoint start their own instance.
 */
export async function setup(project: TestProject): Promise<void> {
  localstack = await LocalStack.start({ services: ['s3', 'sqs', 'secretsmanager', 'ssm'] });
  project.provide('s3Endpoint', localstack.endpoint);
}

export async function teardown(): Promise<void> {
  await localstack?.stop();
  localstack = undefined;
}
