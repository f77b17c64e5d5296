import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../../core/clock.js';

/** `[api_auth] jwt_expiration_time` (tokens from POST /auth/token) and `jwt_cli_expiration_time` (/auth/token/cli). */
export const JWT_EXPIRATION_SECONDS = 86_400;
export const JWT_CLI_EXPIRATION_SECONDS = 3_600;
/** `[api_auth] jwt_leeway`: seconds of clock skew allowed on exp, nbf and iat. */
const JWT_LEEWAY_SECONDS = 10;
/** The audience Airflow 3 signs and expects when `[api_auth] jwt_audience` is unset. */
const AUDIENCE = 'apache-airflow';

/** The user a valid token names (the simple auth manager's `sub` and `role`). */
export interface TokenUser {
  username: string;
  role: string;
}

/** Why a request's token was refused, with Airflow's status and `detail` (airflow/api_fastapi/core_api/security.py). */
export type TokenCheck = { ok: true; user: TokenUser } | { ok: false; status: 401 | 403; detail: string };

/**
 * JWTs as Airflow 3's simple auth manager issues and checks them: HS512 with a shared secret, header
 * `kid: "not-used"`, claims `sub`, `role`, `teams`, `jti`, `aud`, `nbf`, `exp`, `iat`. Only HS512 is accepted
 * (`alg: none` and every other algorithm are refused as Airflow's `jwt.decode(algorithms=["HS512"])` does).
 */
export class JwtTokens {
  readonly #key: Uint8Array;
  readonly #clock: Clock;

  constructor(opts: { secret: string; clock: Clock }) {
    // Airflow's secret is a text string that PyJWT encodes as UTF-8 to make the HMAC key.
    this.#key = new TextEncoder().encode(opts.secret);
    this.#clock = opts.clock;
  }

  /** A token for `user`, valid for `validForSeconds` from now. */
  async issue(user: TokenUser, validForSeconds = JWT_EXPIRATION_SECONDS): Promise<string> {
    const now = Math.floor(this.#clock.now().getTime() / 1000);
    return new SignJWT({ sub: user.username, role: user.role, teams: [] })
      .setProtectedHeader({ alg: 'HS512', kid: 'not-used', typ: 'JWT' })
      .setJti(randomUUID().replaceAll('-', ''))
      .setAudience(AUDIENCE)
      .setNotBefore(now)
      .setExpirationTime(now + validForSeconds)
      .setIssuedAt(now)
      .sign(this.#key);
  }

  /** Checks a bearer token; a missing one is 401 "Not authenticated", as with no Authorization header. */
  async check(token: string | null | undefined): Promise<TokenCheck> {
    if (!token) return { ok: false, status: 401, detail: 'Not authenticated' };
    const now = this.#clock.now();
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ['HS512'],
        audience: AUDIENCE,
        requiredClaims: ['exp', 'iat', 'nbf'],
        clockTolerance: JWT_LEEWAY_SECONDS,
        currentDate: now,
      });
      // PyJWT also refuses a token issued in the future (ImmatureSignatureError); jose checks iat only for a max age.
      if (typeof payload.iat === 'number' && payload.iat > now.getTime() / 1000 + JWT_LEEWAY_SECONDS) return invalid();
      // The simple auth manager's deserialize_user: a token without sub or role is not a user.
      if (typeof payload.sub !== 'string' || typeof payload.role !== 'string') return invalid();
      return { ok: true, user: { username: payload.sub, role: payload.role } };
    } catch (e) {
      if (e instanceof errors.JWTExpired) return { ok: false, status: 401, detail: 'Token Expired' };
      if (e instanceof errors.JOSEError || e instanceof TypeError) return invalid();
      throw e;
    }
  }
}

const invalid = (): TokenCheck => ({ ok: false, status: 403, detail: 'Invalid JWT token' });
