import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTIONS, resolveConfig } from '../../../agent/cli/config.js';

const cwd = '/work/x';

describe('resolveConfig', () => {
  it('uses defaults that need nothing else set up', () => {
    const c = resolveConfig({ flags: {}, env: {}, cwd });
    expect(c).toMatchObject({
      bucket: null,
      dagsPrefix: 'dags/',
      pollInterval: 5,
      dagsDir: '/work/x/local-dags',
      stateDir: '/work/x/.mwaa-agent',
      apiPort: 8080,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('layers defaults < config file < environment < flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ bucket: 'from-file', pollInterval: 7, region: 'eu-west-1' }));
    const c = resolveConfig({
      flags: { pollInterval: '2' },
      env: { MWAA_AGENT_BUCKET: 'from-env' },
      configFile: file,
      cwd,
    });
    expect([c.bucket, c.pollInterval, c.region]).toEqual(['from-env', 2, 'eu-west-1']);
  });

  it('reads AWS_ENDPOINT_URL and the Airflow Fernet variable as fallbacks', () => {
    const c = resolveConfig({
      flags: {},
      env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AIRFLOW__CORE__FERNET_KEY: 'k' },
      cwd,
    });
    expect([c.endpointUrl, c.fernetKey]).toEqual(['http://127.0.0.1:4566', 'k']);
  });

  it.each([
    [
      { pollInterval: 'soon' },
      {},
      'flag --poll-interval: invalid value "soon" for --poll-interval; expected a number ≥ 0',
    ],
    [
      {},
      { MWAA_AGENT_DAG_IGNORE_FILE_SYNTAX: 'fnmatch' },
      'environment MWAA_AGENT_DAG_IGNORE_FILE_SYNTAX: invalid value "fnmatch" for --dag-ignore-file-syntax; expected one of regexp, glob',
    ],
    [{ apiPort: '70000' }, {}, '--api-port must be an integer 0–65535, got 70000'],
    [{ pollInterval: '0' }, {}, '--poll-interval must be > 0 seconds, got 0'],
  ])('rejects %j %j saying where and what is allowed', (flags, env, message) => {
    expect(() => resolveConfig({ flags, env, cwd })).toThrow(message);
  });

  it('rejects unknown keys in a config file, listing the allowed ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ buckett: 'x' }));
    expect(() => resolveConfig({ flags: {}, env: {}, configFile: file, cwd })).toThrow(
      /unknown option "buckett"; allowed: bucket, endpointUrl/,
    );
  });

  it.each([['null'], ['[1]'], ['"x"']])('rejects a config file holding %s instead of an object', (text) => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, text);
    expect(() => resolveConfig({ flags: {}, env: {}, configFile: file, cwd })).toThrow(
      `config file ${file}: expected a JSON object of options`,
    );
  });

  it.each([
    [{ parallelism: '1.5' }, '--parallelism must be a whole number, got 1.5'],
    [{ pollInterval: '0.01' }, '--poll-interval must be at least 0.1 seconds, got 0.01'],
  ])('rejects %j', (flags, message) => {
    expect(() => resolveConfig({ flags, env: {}, cwd })).toThrow(message);
  });

  it('gives every option a flag and a MWAA_AGENT_ environment variable', () => {
    for (const o of OPTIONS) {
      expect(o.flag).toMatch(/^--[a-z-]+$/);
      expect(o.env.some((e) => e.startsWith('MWAA_AGENT_'))).toBe(true);
    }
  });
});
