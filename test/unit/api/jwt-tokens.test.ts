import { describe, expect, it } from 'vitest';
import { JwtTokens } from '../../../agent/api/auth/jwt-tokens.js';
import { ManualClock } from '../../../agent/core/clock.js';

const SECRET = 'test-secret';
const NOW = '2024-01-01T00:00:00Z';

/** Made by PyJWT 2.13 (Airflow 3.3.1's venv) with Airflow's claims and header, iat = nbf = NOW, exp = NOW + 1 day. */
const PYJWT_HS512 =
  'eyJhbGciOiJIUzUxMiIsImtpZCI6Im5vdC11c2VkIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJhZG1pbiIsInRlYW1zIjpbXSwianRpIjoiYWJjIiwiYXVkIjoiYXBhY2hlLWFpcmZsb3ciLCJuYmYiOjE3MDQwNjcyMDAsImV4cCI6MTcwNDE1MzYwMCwiaWF0IjoxNzA0MDY3MjAwfQ.LZ6mpKhhmpBDby07HPgHeQzTPvGxyUyQCl0c5MolMpFbzDvLGViKndPafWJLKmSRl4ICG6VgMCevrT70V1i6oQ';
/** The same claims signed HS256 with the same secret: a valid signature, an algorithm Airflow does not accept. */
const PYJWT_HS256 =
  'eyJhbGciOiJIUzI1NiIsImtpZCI6Im5vdC11c2VkIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJhZG1pbiIsInRlYW1zIjpbXSwianRpIjoiYWJjIiwiYXVkIjoiYXBhY2hlLWFpcmZsb3ciLCJuYmYiOjE3MDQwNjcyMDAsImV4cCI6MTcwNDE1MzYwMCwiaWF0IjoxNzA0MDY3MjAwfQ.cfzptP0anjRUetliKa73XXepGGy0Zt2AuKJRp0Ahb-o';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const claims = (over: Record<string, unknown> = {}) => ({
  sub: 'admin',
  role: 'admin',
  aud: 'apache-airflow',
  iat: 1704067200,
  nbf: 1704067200,
  exp: 1704153600,
  ...over,
});

function tokens(at = NOW) {
  const clock = new ManualClock(at);
  return { clock, jwt: new JwtTokens({ secret: SECRET, clock }) };
}

describe('JWTs as Airflow 3 simple auth manager issues and checks them', () => {
  it('issues HS512 tokens with kid "not-used" and the claims sub, role, teams, jti, aud, nbf, exp (+1 day), iat', async () => {
    const { jwt } = tokens();
    const token = await jwt.issue({ username: 'admin', role: 'admin' });
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header).toEqual({ alg: 'HS512', kid: 'not-used', typ: 'JWT' });
    expect(Object.keys(payload)).toEqual(['sub', 'role', 'teams', 'jti', 'aud', 'nbf', 'exp', 'iat']);
    expect(payload).toMatchObject({ sub: 'admin', role: 'admin', teams: [], aud: 'apache-airflow', iat: 1704067200 });
    expect(payload.exp - payload.iat).toBe(86_400);
    expect(payload.jti).toMatch(/^[0-9a-f]{32}$/);
    expect(await jwt.check(token)).toEqual({ ok: true, user: { username: 'admin', role: 'admin' } });
  });

  it('accepts a token PyJWT signed as Airflow does, and refuses the same claims signed HS256', async () => {
    const { jwt } = tokens('2024-01-01T06:00:00Z');
    expect(await jwt.check(PYJWT_HS512)).toMatchObject({ ok: true });
    expect(await jwt.check(PYJWT_HS256)).toEqual({ ok: false, status: 403, detail: 'Invalid JWT token' });
  });

  it.each([
    ['no token at all', '', 401, 'Not authenticated'],
    ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`, 403, 'Invalid JWT token'],
    ['garbage', 'abc.def.ghi', 403, 'Invalid JWT token'],
    ['a forged signature', `${PYJWT_HS512.slice(0, PYJWT_HS512.lastIndexOf('.'))}.AAAA`, 403, 'Invalid JWT token'],
  ])('refuses %s', async (_what, token, status, detail) => {
    const { jwt } = tokens();
    expect(await jwt.check(token)).toEqual({ ok: false, status, detail });
  });

  it('answers 401 "Token Expired" once exp is more than the 10 s leeway past, and accepts it within the leeway', async () => {
    const { clock, jwt } = tokens();
    const token = await jwt.issue({ username: 'admin', role: 'admin' }, 60);
    clock.advance(69_000);
    expect(await jwt.check(token)).toMatchObject({ ok: true });
    clock.advance(2_000);
    expect(await jwt.check(token)).toEqual({ ok: false, status: 401, detail: 'Token Expired' });
  });

  it('refuses tokens not yet valid, for another audience, without exp, or without role', async () => {
    const other = new JwtTokens({ secret: SECRET, clock: new ManualClock('2023-12-31T23:00:00Z') });
    const early = await other.issue({ username: 'admin', role: 'admin' });
    const { jwt } = tokens('2023-12-31T22:00:00Z');
    expect(await jwt.check(early)).toEqual({ ok: false, status: 403, detail: 'Invalid JWT token' });
    const { SignJWT } = await import('jose');
    const key = new TextEncoder().encode(SECRET);
    const sign = (c: Record<string, unknown>) => new SignJWT(c).setProtectedHeader({ alg: 'HS512' }).sign(key);
    const { jwt: now } = tokens();
    for (const c of [claims({ aud: 'other' }), claims({ exp: undefined }), claims({ role: undefined })]) {
      expect(await now.check(await sign(JSON.parse(JSON.stringify(c))))).toEqual({
        ok: false,
        status: 403,
        detail: 'Invalid JWT token',
      });
    }
  });

  it('refuses a token signed with another secret', async () => {
    const other = new JwtTokens({ secret: 'another-secret', clock: new ManualClock(NOW) });
    const token = await other.issue({ username: 'admin', role: 'admin' });
    expect(await tokens().jwt.check(token)).toEqual({ ok: false, status: 403, detail: 'Invalid JWT token' });
  });
});
