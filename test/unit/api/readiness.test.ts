import { describe, expect, it } from 'vitest';
import { waitsForFirstParse } from '../../../agent/api/readiness.js';

describe('which paths wait for the first parse', () => {
  it.each([
    ['/api/v1/dags', true],
    ['/api/v1/dags/x/dagRuns', true],
    ['/api/v1/version', true],
    ['/api/v2/dags', true],
    ['/api/v2/importErrors', true],
    ['/api/v1/health', false],
    ['/api/v1/health/', false],
    ['/api/v2/monitor/health', false],
    ['/api/v1/mwaa-agent/status', false],
    ['/api/v2/mwaa-agent/status', false],
    ['/health', false],
    ['/mwaa-agent/ready', false],
    ['/auth/token', false],
    ['/home', false],
    ['/', false],
  ])('%s: %s', (path, waits) => {
    expect(waitsForFirstParse(path)).toBe(waits);
  });
});
