import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { pyRepr, pyTypeName } from '../../python/repr.js';
import { JWT_CLI_EXPIRATION_SECONDS, JWT_EXPIRATION_SECONDS, type TokenCheck } from '../auth/jwt-tokens.js';
import { bodyOf, RawBody, sendDetail } from './fastapi-handling.js';
import { parseBody } from './request-model.js';
import { LoginBody } from './request-models.js';
import { HttpError, RequestValidationError } from './validation-error.js';
import type { V2Deps } from './v2-deps.js';

/** The cookie Airflow 3's UI keeps its token in (`COOKIE_NAME_JWT_TOKEN`). */
export const TOKEN_COOKIE = '_token';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The bearer token of a request: `Authorization: Bearer …`, else the UI's `_token` cookie (Airflow's get_user). */
export function requestToken(req: FastifyRequest): string | null {
  const m = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (m) return m[1]!;
  const cookie = (req.headers.cookie ?? '').split(';').find((c) => c.trim().startsWith(`${TOKEN_COOKIE}=`));
  return cookie ? decodeURIComponent(cookie.trim().slice(TOKEN_COOKIE.length + 1)) || null : null;
}

/**
 * The login body as the simple auth manager reads it (`parse_login_body`): JSON or a form, anything else 415.
 * Its validation errors are a 422 whose detail is pydantic's text (`RequestValidationError(repr(e))`), not a list.
 */
function loginBody(req: FastifyRequest): { username: string; password: string } {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  let body: unknown = bodyOf(req);
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(req.body instanceof RawBody ? req.body.text : '');
    body = { username: form.get('username'), password: form.get('password') };
  } else if (type !== 'application/json') {
    throw new HttpError(415, 'Only application/json or application/x-www-form-urlencoded is supported');
  }
  try {
    return parseBody(LoginBody, body) as { username: string; password: string };
  } catch (e) {
    if (!(e instanceof RequestValidationError)) throw e;
    throw new HttpError(422, pydanticErrorText('LoginBody', e));
  }
}

/** `str(ValidationError)` of pydantic 2.13: the count, then per error the location, message, type and input. */
function pydanticErrorText(model: string, e: RequestValidationError): string {
  const n = e.items.length;
  const lines = [`${n} validation error${n === 1 ? '' : 's'} for ${model}`];
  for (const item of e.items) {
    lines.push(item.loc.filter((l) => l !== 'body').join('.'));
    lines.push(
      `  ${item.msg} [type=${item.type}, input_value=${pyRepr(item.input)}, input_type=${pyTypeName(item.input)}]`,
    );
    lines.push(`    For further information visit https://errors.pydantic.dev/2.13/v/${item.type}`);
  }
  return lines.join('\n');
}

/**
 * The simple auth manager's token endpoints, mounted at `/auth` as in Airflow 3: POST /auth/token (201
 * `{"access_token"}`), POST /auth/token/cli (shorter expiry), and GET /auth/token, which issues a token without
 * credentials only when every user is an admin (`simple_auth_manager_all_admins`, off here: 403).
 */
export function registerAuthRoutes(app: FastifyInstance, deps: V2Deps): void {
  const create = async (req: FastifyRequest, validFor: number) => {
    const body = loginBody(req);
    if (!body.username || !body.password) throw new HttpError(400, 'Username and password must be provided');
    const { user, password } = deps.credentials;
    // Compare both, always, so the time taken does not tell whether the user exists.
    const known = sameSecret(body.username, user);
    const matches = sameSecret(body.password, password);
    if (!known || !matches) throw new HttpError(401, 'Invalid credentials');
    return { access_token: await deps.tokens.issue({ username: user, role: 'admin' }, validFor) };
  };
  app.post('/token', async (req, reply) => reply.code(201).send(await create(req, JWT_EXPIRATION_SECONDS)));
  app.post('/token/cli', async (req, reply) => reply.code(201).send(await create(req, JWT_CLI_EXPIRATION_SECONDS)));
  app.get('/token', async (_req, reply) =>
    sendDetail(reply, 403, 'This method is only allowed if ``[core] simple_auth_manager_all_admins`` is True'),
  );
}

/**
 * GET /api/v2/auth/login and /logout as Airflow 3 answers them: 307 to the auth manager's login page (here the
 * web UI, which signs in for a token); logout also deletes the UI's `_token` cookie. Airflow revokes the logged-out
 * token in its database; the agent keeps no revocation list, so a token stays valid until it expires.
 */
export function registerLoginRedirects(app: FastifyInstance): void {
  app.get<{ Querystring: { next?: string } }>('/auth/login', async (req, reply) => {
    const next = req.query.next;
    if (next !== undefined && !(next.startsWith('/') && !next.startsWith('//')))
      throw new HttpError(400, 'Invalid or unsafe next URL');
    return reply.code(307).header('location', '/').send();
  });
  app.get('/auth/logout', async (_req, reply) =>
    reply
      .code(307)
      .header('location', '/')
      .header('set-cookie', `${TOKEN_COOKIE}=""; HttpOnly; Max-Age=0; Path=/; SameSite=lax`)
      .send(),
  );
}

/** The answer to a request whose token was refused. */
export function refusal(check: Exclude<TokenCheck, { ok: true }>): HttpError {
  return new HttpError(check.status, check.detail);
}
