import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { split } from 'shlex';
import type { Logger } from '../core/logger.js';
import { allowedCommand } from './cli-allow-list.js';
import { runCliCommand } from './cli-command-runner.js';
import type { EnvironmentHost } from './environment-host.js';
import { MwaaApiError } from './mwaa-api-error.js';
import { send } from './json-response.js';
import type { ShortLivedTokens } from './short-lived-tokens.js';

export interface AwsMwaaPathDeps {
  environments: EnvironmentHost;
  tokens: ShortLivedTokens;
  cli: readonly string[];
  env: NodeJS.ProcessEnv;
  log: Logger;
}

/**
 * The web server's token paths: `POST /aws_mwaa/cli` (a CLI token as Bearer, the Airflow command line as
 * the body; answers `{"stdout", "stderr"}` base64-encoded) and `/aws_mwaa/aws-console-sso` (a web login
 * token, sent by the page from the URL fragment, signs the browser in to the environment's UI).
 */
export async function handleAwsMwaaPath(
  deps: AwsMwaaPathDeps,
  method: string,
  target: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
  res: ServerResponse,
): Promise<void> {
  const path = target.split('?')[0];
  if (path === '/aws_mwaa/cli' && method === 'POST') return cli(deps, headers, body, res);
  if (path === '/aws_mwaa/aws-console-sso' && method === 'GET') return ssoPage(res);
  if (path === '/aws_mwaa/aws-console-sso' && method === 'POST') return ssoLogin(deps, body, res);
  throw new MwaaApiError(404, 'NotFound', `${method} ${path} is not served`);
}

async function cli(deps: AwsMwaaPathDeps, headers: IncomingHttpHeaders, body: Buffer, res: ServerResponse) {
  const token = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
  const grant = token ? deps.tokens.check(token, 'cli') : 'unknown';
  if (grant === 'expired')
    throw new MwaaApiError(
      403,
      'Forbidden',
      'The CLI token has expired (tokens are valid for 60 seconds): create a new one with CreateCliToken',
    );
  if (grant === 'unknown')
    throw new MwaaApiError(
      403,
      'Forbidden',
      'Missing or invalid CLI token: send Authorization: Bearer <CliToken from CreateCliToken>',
    );
  const running = deps.environments.running;
  if (!running || deps.environments.record?.Name !== grant.environment)
    throw new MwaaApiError(503, 'ServiceUnavailable', `Environment ${grant.environment} is not running`);
  let argv: string[];
  try {
    argv = split(body.toString('utf8'));
  } catch (e) {
    throw new MwaaApiError(
      400,
      'BadRequest',
      `The command could not be split as a shell line: ${(e as Error).message}`,
    );
  }
  const version = running.app.profile.airflowVersion;
  const allowed = allowedCommand(argv, running.app.profile.api.mwaaCliCommands);
  if (!allowed) {
    // MWAA answers a command outside its list with HTTP 500 (aws/amazon-mwaa-docker-images#148).
    const stderr = `airflow ${argv.slice(0, 2).join(' ')}: this command is not supported by Amazon MWAA (Airflow ${version}); see "Apache Airflow CLI command reference" in the MWAA user guide\n`;
    send(res, 500, { stdout: '', stderr: Buffer.from(stderr).toString('base64') });
    return;
  }
  deps.log.info({ environment: grant.environment, command: allowed }, `airflow ${allowed} (through /aws_mwaa/cli)`);
  const out = await runCliCommand({ cli: deps.cli, argv, config: running.config, env: deps.env });
  send(res, 200, { stdout: out.stdout.toString('base64'), stderr: out.stderr.toString('base64') });
}

/** The page the console opens; the token is in the fragment, which browsers never send. */
function ssoPage(res: ServerResponse): void {
  const html = `<!doctype html><meta charset="utf-8"><title>Signing in…</title>
<script>
fetch(location.pathname, { method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ token: location.hash.slice(1) }) })
  .then((r) => r.json().then((j) => { if (r.ok) location.replace(j.location); else document.body.textContent = j.message; }));
</script>`;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

function ssoLogin(deps: AwsMwaaPathDeps, body: Buffer, res: ServerResponse): void {
  let token = '';
  try {
    token = String((JSON.parse(body.toString('utf8')) as { token?: unknown }).token ?? '');
  } catch {
    // An unreadable body is an invalid token.
  }
  const grant = deps.tokens.check(token, 'web');
  if (typeof grant === 'string')
    throw new MwaaApiError(
      403,
      'Forbidden',
      grant === 'expired'
        ? 'The web login token has expired (tokens are valid for 60 seconds): create a new one with CreateWebLoginToken'
        : 'Invalid web login token',
    );
  const running = deps.environments.running;
  if (!running) throw new MwaaApiError(503, 'ServiceUnavailable', `Environment ${grant.environment} is not running`);
  const ui = new URL(running.app.api.url);
  ui.username = encodeURIComponent(running.credentials.user);
  ui.password = encodeURIComponent(running.credentials.password);
  send(res, 200, { location: ui.toString() });
}
