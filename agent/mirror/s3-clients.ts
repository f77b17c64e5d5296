import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';

export interface AwsClientOptions {
  region: string;
  /** LocalStack, MinIO…: path-style addressing and checksums only when required, as third-party servers need. */
  endpointUrl: string | null;
  /** Parallel sockets; at least the download concurrency plus the listing. */
  maxSockets: number;
  /** Static credentials (tests against LocalStack); otherwise the SDK's default provider chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * LocalStack and MinIO accept any credentials; with a custom endpoint and none in the environment, use
 * LocalStack's `test`/`test` rather than failing with the SDK's "Could not load credentials".
 */
export function localEndpointCredentials(
  endpointUrl: string | null,
  env: NodeJS.ProcessEnv,
): { accessKeyId: string; secretAccessKey: string } | undefined {
  if (
    !endpointUrl ||
    env.AWS_ACCESS_KEY_ID ||
    env.AWS_PROFILE ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
  )
    return undefined;
  return { accessKeyId: 'test', secretAccessKey: 'test' };
}

const CONNECT_TIMEOUT_MS = 3_000;
/** Socket idle time before a request fails; an endpoint that stops answering must not hang a cycle forever. */
const REQUEST_TIMEOUT_MS = 30_000;

export function createS3Client(opts: AwsClientOptions): S3Client {
  return new S3Client({
    region: opts.region,
    maxAttempts: 2,
    credentials: opts.credentials,
    requestHandler: {
      connectionTimeout: CONNECT_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      httpAgent: { maxSockets: opts.maxSockets },
      httpsAgent: { maxSockets: opts.maxSockets },
    },
    ...(opts.endpointUrl && {
      endpoint: opts.endpointUrl,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
  });
}

export function createSqsClient(opts: AwsClientOptions): SQSClient {
  return new SQSClient({
    region: opts.region,
    maxAttempts: 2,
    credentials: opts.credentials,
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: 30_000 },
    ...(opts.endpointUrl && { endpoint: opts.endpointUrl }),
  });
}
