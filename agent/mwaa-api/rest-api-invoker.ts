import type { RunningEnvironment } from './environment-host.js';
import { MwaaApiError, validationError } from './mwaa-api-error.js';

/** InvokeRestApi's request members. */
export interface InvokeRestApiInput {
  Path: string;
  Method: string;
  QueryParameters?: Record<string, unknown>;
  Body?: unknown;
}

const METHODS = ['GET', 'PUT', 'POST', 'PATCH', 'DELETE'];

/**
 * InvokeRestApi: the call on the environment's Airflow REST API (`/api/v1` on 2.x, `/api/v2` on 3.x), made
 * over HTTP to the agent's API as the environment's admin user (basic auth on 2.x, a token from
 * `/auth/token` on 3.x), answered as MWAA answers it: `RestApiStatusCode` and `RestApiResponse`, and
 * RestApiClientException / RestApiServerException (HTTP 400 both, as the service model says) on 4xx / 5xx.
 */
export async function invokeRestApi(
  running: RunningEnvironment,
  input: InvokeRestApiInput,
): Promise<{ RestApiStatusCode: number; RestApiResponse: unknown }> {
  checkInput(input);
  const base = running.app.api.url.replace(/\/$/, '');
  const generation = running.app.profile.api.generation;
  const url = new URL(`${base}/api/${generation}${input.Path.startsWith('/') ? '' : '/'}${input.Path}`);
  for (const [k, v] of Object.entries(input.QueryParameters ?? {}))
    for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(item));
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization: await authorization(running, base, generation),
  };
  let body: string | undefined;
  if (input.Body !== undefined && input.Method !== 'GET') {
    body = JSON.stringify(input.Body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(url, { method: input.Method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? {} : JSON.parse(text);
  } catch {
    // Not JSON (a text/plain log, say): answered as the string it is.
  }
  const answer = { RestApiStatusCode: res.status, RestApiResponse: parsed };
  if (res.status >= 500)
    throw new MwaaApiError(400, 'RestApiServerException', `The Airflow REST API answered ${res.status}`, answer);
  if (res.status >= 400)
    throw new MwaaApiError(400, 'RestApiClientException', `The Airflow REST API answered ${res.status}`, answer);
  return answer;
}

function checkInput(input: InvokeRestApiInput): void {
  const failures: string[] = [];
  if (typeof input.Path !== 'string')
    failures.push("Value null at 'path' failed to satisfy constraint: Member must not be null");
  else if (input.Path.length < 1 || input.Path.length > 64)
    failures.push(
      `Value '${input.Path}' at 'path' failed to satisfy constraint: Member must have length less than or equal to 64 and greater than or equal to 1`,
    );
  if (typeof input.Method !== 'string')
    failures.push("Value null at 'method' failed to satisfy constraint: Member must not be null");
  else if (!METHODS.includes(input.Method))
    failures.push(
      `Value '${input.Method}' at 'method' failed to satisfy constraint: Member must satisfy enum value set: [${METHODS.join(', ')}]`,
    );
  if (failures.length)
    throw validationError(
      `${failures.length} validation error${failures.length === 1 ? '' : 's'} detected: ${failures.join('; ')}`,
    );
}

async function authorization(running: RunningEnvironment, base: string, generation: 'v1' | 'v2'): Promise<string> {
  const { user, password } = running.credentials;
  if (generation === 'v1') return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const res = await fetch(`${base}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user, password }),
  });
  if (!res.ok)
    throw new MwaaApiError(500, 'InternalServerException', `could not sign in to the Airflow API (${res.status})`);
  const { access_token } = (await res.json()) as { access_token: string };
  return `Bearer ${access_token}`;
}
