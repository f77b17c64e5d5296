import { defineConfig } from 'vitest/config';

/**
 * unit: pure code, milliseconds, no I/O beyond temp dirs.
 * integration: real components on loopback (LocalStack, /usr/bin/aws, OpenSSH sshd, HTTP on port 0,
 * Chromium, real Airflow for differential tests, Docker for the container test).
 * fresh: the README's two commands from a fresh clone with the system's Python only (test/fresh/).
 */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/build-dist.ts', 'test/integration/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
          env: { TESTCONTAINERS_RYUK_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      },
      {
        // Last, alone: both README commands from a fresh clone (minutes of npm ci and virtualenvs).
        extends: true,
        test: {
          name: 'fresh',
          include: ['test/fresh/**/*.test.ts'],
          testTimeout: 45 * 60_000,
          hookTimeout: 120_000,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
