import { describe, expect, it } from 'vitest';
import { isAgentError } from '../../../agent/core/errors.js';
import { parseStateUrl } from '../../../agent/core/state-url.js';

describe('--state-url', () => {
  it.each([
    ['postgresql://mwaa:pw@db.example:6543/airflow', 'db.example:6543/airflow'],
    ['postgres://mwaa@127.0.0.1/state', '127.0.0.1:5432/state'],
    ['postgresql://mwaa@/state?host=/run/postgresql', '/run/postgresql:5432/state'],
    ['postgresql://mwaa@localhost', 'localhost:5432/mwaa'],
  ])('names %s by host:port/database (%s), never its password', (url, where) => {
    expect(parseStateUrl(url)).toEqual({ url, where });
  });

  it.each([
    ['mysql://u:pw@h/db', 'the scheme mysql is not supported'],
    ['/var/lib/state.db', 'it is not a postgresql:// URL'],
  ])('refuses %s, saying what is allowed and hiding a password', (url, why) => {
    let thrown: unknown;
    try {
      parseStateUrl(url);
    } catch (e) {
      thrown = e;
    }
    expect(isAgentError(thrown, 'CONFIG_INVALID')).toBe(true);
    expect((thrown as Error).message).toContain(why);
    expect((thrown as Error).message).toContain('expected postgresql://user:password@host:5432/database');
    expect((thrown as Error).message).not.toContain(':pw@');
  });
});
