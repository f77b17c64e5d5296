import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { AgentError } from '../../core/errors.js';
import type { CliContext } from '../cli-context.js';

/**
 * `mwaa-agent test-startup-script FILE [-o text|json]`: runs a startup script alone, as the agent would before
 * the scheduler starts (bash, MWAA's time limit, the agent's environment without its secrets), and says what
 * it exported, what MWAA would refuse, and how it ended. Exit code: the script's (124 when it timed out).
 */
export function registerTestStartupScriptCommand(program: Command, ctx: CliContext): void {
  program
    .command('test-startup-script')
    .description('Run a startup script as MWAA would and report its exports, refusals and exit status')
    .argument('<file>', 'the startup script (startup.sh)')
    .option('-o, --output <format>', 'text or json', 'text')
    .action(async (file: string, flags: { output: string }) => {
      if (!['text', 'json'].includes(flags.output))
        throw new AgentError(
          'CONFIG_INVALID',
          `argument -o/--output: invalid choice: '${flags.output}' (choose from 'text', 'json')`,
        );
      const script = resolve(ctx.cwd, file);
      if (!existsSync(script)) throw new AgentError('CONFIG_INVALID', `${file}: no such file`);
      const config = ctx.config();
      const [loader, { verdictProfile }, { startupScriptProtectedNames }, { runStartupScript }, { taskEnvironment }] =
        await Promise.all([
          import('../../requirements/requirements-verdict-loader.js'),
          import('../../requirements/requirements-verdict.js'),
          import('../../tasks/startup-protected-names.js'),
          import('../../tasks/startup-script.js'),
          import('../../tasks/task-environment.js'),
        ]);
      const verdict = loader.loadRequirementsVerdict({
        requirementsFile: join(config.requirementsDir, 'requirements.txt'),
        dagsDir: config.dagsDir,
        pluginsDir: config.pluginsDir,
        stateDir: config.stateDir,
        env: ctx.env,
        airflowVersion: config.airflowVersion,
      });
      const text = flags.output === 'text';
      const result = await runStartupScript({
        script,
        env: taskEnvironment(ctx.env),
        protectedNames: startupScriptProtectedNames(verdictProfile(verdict).configOptions),
        timeoutMs: config.startupScriptTimeout * 1000,
        onLine: text ? (line, stream) => (stream === 'stdout' ? ctx.out(line) : ctx.err(line)) : undefined,
      });
      const status = result.timedOut
        ? `timed out after ${config.startupScriptTimeout} s (MWAA's limit: 5 minutes less a 5-second grace); its exports do not apply`
        : result.signal
          ? `ended by ${result.signal}`
          : `exit status ${result.exitCode}`;
      if (text) {
        ctx.out(`startup script ${file}: ${status}, ${(result.durationMs / 1000).toFixed(2)} s`);
        const names = Object.keys(result.exported).sort();
        ctx.out(`exported: ${names.length ? names.join(', ') : 'nothing'}`);
        for (const r of result.refused) ctx.out(`refused: ${r.name}: ${r.reason}`);
        if (result.outputBytes > result.output.length) ctx.out(`output: ${result.outputBytes} bytes`);
      } else {
        ctx.out(
          JSON.stringify({
            script,
            exit_code: result.exitCode,
            signal: result.signal,
            timed_out: result.timedOut,
            duration_seconds: result.durationMs / 1000,
            exported: Object.keys(result.exported).sort(),
            refused: result.refused,
            output: result.output,
            output_bytes: result.outputBytes,
          }),
        );
      }
      ctx.exitCode = result.timedOut ? 124 : (result.exitCode ?? 1);
    });
}
