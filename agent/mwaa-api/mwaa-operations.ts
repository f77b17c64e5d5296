import type { EnvironmentHost } from './environment-host.js';
import { environmentView } from './environment-record.js';
import { checkName, checkTags, specFromCreate, specFromUpdate } from './environment-spec.js';
import { MwaaApiError, validationError } from './mwaa-api-error.js';
import { invokeRestApi, type InvokeRestApiInput } from './rest-api-invoker.js';
import type { ShortLivedTokens } from './short-lived-tokens.js';

/** A signed control-plane request. */
export interface MwaaCall {
  method: string;
  /** Path and query as sent (percent-encoded). */
  target: string;
  body: Buffer;
}

export interface OperationDeps {
  environments: EnvironmentHost;
  tokens: ShortLivedTokens;
  /** `host:port` where `/aws_mwaa/…` is served. */
  hostname: string;
  region: string;
}

interface Route {
  operation: string;
  method: string;
  path: RegExp;
  run(label: string, call: ParsedCall, deps: OperationDeps): Promise<unknown> | unknown;
}

interface ParsedCall {
  query: URLSearchParams;
  json(): Record<string, unknown>;
}

const ENVIRONMENT_ARN = /^arn:aws(-[a-z]+)?:airflow:[a-z0-9-]+:\d{12}:environment\/\w+.*$/;

/** The operations of botocore's `mwaa` model (2020-07-01): method and path → handler. */
const ROUTES: readonly Route[] = [
  { operation: 'ListEnvironments', method: 'GET', path: /^\/environments\/?$/, run: listEnvironments },
  {
    operation: 'CreateEnvironment',
    method: 'PUT',
    path: /^\/environments\/([^/]+)$/,
    run: (name, call, d) => {
      checkName(name);
      const body = call.json();
      const spec = specFromCreate(body);
      const tags = body.Tags === undefined ? {} : checkTags(body.Tags);
      return { Arn: d.environments.create(name, spec, tags).Arn };
    },
  },
  {
    operation: 'GetEnvironment',
    method: 'GET',
    path: /^\/environments\/([^/]+)$/,
    run: (name, _call, d) => {
      checkName(name);
      const record = d.environments.get(name);
      return { Environment: environmentView(record, d.environments.running?.app.api.url ?? null) };
    },
  },
  {
    operation: 'UpdateEnvironment',
    method: 'PATCH',
    path: /^\/environments\/([^/]+)$/,
    run: (name, call, d) => {
      checkName(name);
      const current = d.environments.get(name);
      return { Arn: d.environments.update(name, specFromUpdate(current.spec, call.json())).Arn };
    },
  },
  {
    operation: 'DeleteEnvironment',
    method: 'DELETE',
    path: /^\/environments\/([^/]+)$/,
    run: (name, _call, d) => {
      checkName(name);
      d.environments.delete(name);
      return {};
    },
  },
  {
    operation: 'TagResource',
    method: 'POST',
    path: /^\/tags\/([^/]+)$/,
    run: (arn, call, d) => {
      checkArn(arn);
      const tags = checkTags(call.json().Tags);
      d.environments.setTags(arn, (t) => ({ ...t, ...tags }));
      return {};
    },
  },
  {
    operation: 'UntagResource',
    method: 'DELETE',
    path: /^\/tags\/([^/]+)$/,
    run: (arn, call, d) => {
      checkArn(arn);
      const keys = call.query.getAll('tagKeys');
      d.environments.setTags(arn, (t) => Object.fromEntries(Object.entries(t).filter(([k]) => !keys.includes(k))));
      return {};
    },
  },
  {
    operation: 'ListTagsForResource',
    method: 'GET',
    path: /^\/tags\/([^/]+)$/,
    run: (arn, _call, d) => {
      checkArn(arn);
      return { Tags: d.environments.byArn(arn).Tags };
    },
  },
  {
    operation: 'CreateCliToken',
    method: 'POST',
    path: /^\/clitoken\/([^/]+)$/,
    run: (name, _call, d) => {
      checkName(name);
      d.environments.get(name);
      return { CliToken: d.tokens.issue({ environment: name, kind: 'cli' }), WebServerHostname: d.hostname };
    },
  },
  {
    operation: 'CreateWebLoginToken',
    method: 'POST',
    path: /^\/webtoken\/([^/]+)$/,
    run: (name, _call, d) => {
      checkName(name);
      d.environments.get(name);
      return {
        WebToken: d.tokens.issue({ environment: name, kind: 'web' }),
        WebServerHostname: d.hostname,
        IamIdentity: `arn:aws:iam::000000000000:user/mwaa-agent`,
        AirflowIdentity: 'admin',
      };
    },
  },
  {
    operation: 'InvokeRestApi',
    method: 'POST',
    path: /^\/restapi\/([^/]+)$/,
    run: async (name, call, d) => {
      checkName(name);
      const record = d.environments.get(name);
      const running = d.environments.running;
      if (!running)
        throw new MwaaApiError(503, 'ServiceUnavailableException', `Environment ${name} is ${record.Status}`);
      return invokeRestApi(running, call.json() as unknown as InvokeRestApiInput);
    },
  },
  {
    operation: 'PublishMetrics',
    method: 'POST',
    path: /^\/metrics\/environments\/([^/]+)$/,
    run: (name, call) => {
      checkName(name, 'environmentName');
      if (!Array.isArray(call.json().MetricData))
        throw validationError(
          "1 validation error detected: Value null at 'metricData' failed to satisfy constraint: Member must not be null",
        );
      return {};
    },
  },
];

/** Answers one signed call, or throws MwaaApiError. */
export async function routeOperation(
  call: MwaaCall,
  deps: OperationDeps,
): Promise<{ operation: string; body: unknown }> {
  const q = call.target.indexOf('?');
  const path = q < 0 ? call.target : call.target.slice(0, q);
  const parsed: ParsedCall = {
    query: new URLSearchParams(q < 0 ? '' : call.target.slice(q + 1)),
    json: () => parseJson(call.body),
  };
  for (const route of ROUTES) {
    if (route.method !== call.method) continue;
    const m = route.path.exec(path);
    if (!m) continue;
    const label = m[1] === undefined ? '' : decodeLabel(m[1]);
    return { operation: route.operation, body: await route.run(label, parsed, deps) };
  }
  throw new MwaaApiError(404, 'UnknownOperationException', `No MWAA operation is ${call.method} ${path}`);
}

function listEnvironments(_label: string, call: ParsedCall, d: OperationDeps): unknown {
  const max = call.query.get('MaxResults');
  if (max !== null && (!/^\d+$/.test(max) || Number(max) < 1 || Number(max) > 25))
    throw validationError(
      `1 validation error detected: Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value ${Number(max) < 1 ? 'greater than or equal to 1' : 'less than or equal to 25'}`,
    );
  return { Environments: d.environments.list().map((r) => r.Name) };
}

function checkArn(arn: string): void {
  if (!ENVIRONMENT_ARN.test(arn))
    throw validationError(
      `1 validation error detected: Value '${arn}' at 'resourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws(-[a-z]+)?:airflow:[a-z0-9\\-]+:\\d{12}:environment/\\w+.*`,
    );
}

function decodeLabel(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw validationError(`The request path ${s} is not valid percent-encoding`);
  }
}

/** A REST-JSON body: empty is `{}`; anything but a JSON object is a SerializationException, as AWS answers. */
function parseJson(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new MwaaApiError(400, 'SerializationException', `Request body is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new MwaaApiError(400, 'SerializationException', 'Request body must be a JSON object');
  return value as Record<string, unknown>;
}
