import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { versionSource } from '../../requirements/requirements-report.js';
import { apiDate } from '../../api/api-date.js';
import { AgentError } from '../../core/errors.js';
import { SystemClock } from '../../core/clock.js';
import type { DagRunRecord } from '../../runs/run-records.js';
import { dagOwner } from '../../dags/dag-model.js';
import type { CliContext } from '../cli-context.js';
import { formatRows, OUTPUT_FORMATS, type OutputFormat } from '../output.js';
import { loadDagContext, loadDags } from './dag-loader.js';
import { withRunStore } from './store-access.js';
import { storedDate } from '../../runs/stored-date.js';

const outputOption = ['-o, --output <format>', `output format: ${OUTPUT_FORMATS.join(', ')}`, 'table'] as const;

function format(v: unknown): OutputFormat {
  if (!OUTPUT_FORMATS.includes(v as OutputFormat)) {
    throw new AgentError(
      'CONFIG_INVALID',
      `argument -o/--output: invalid choice: '${String(v)}' (choose from ${OUTPUT_FORMATS.map((f) => `'${f}'`).join(', ')})`,
    );
  }
  return v as OutputFormat;
}

function runRow(r: DagRunRecord): Record<string, unknown> {
  return {
    dag_id: r.dagId,
    run_id: r.runId,
    state: r.state,
    execution_date: apiDate(r.logicalDate),
    start_date: apiDate(r.startDate) ?? '',
    end_date: apiDate(r.endDate) ?? '',
  };
}

/** Airflow's `dags list|list-import-errors|trigger|list-runs|pause|unpause`, on the agent's state folder. */
export function registerDagsCommands(dags: Command, ctx: CliContext): void {
  dags
    .command('list')
    .description('List the DAGs in the DAG folder')
    .option(...outputOption)
    .action(async (o: { output: string }) => {
      const { parsed, config, defaults, verdict } = await loadDags(ctx);
      const requirementsFile = join(config.requirementsDir, 'requirements.txt');
      ctx.err(
        `Airflow ${verdict.airflowVersion}, from ${versionSource(verdict, requirementsFile, existsSync(requirementsFile))}`,
      );
      const paused = await withRunStore(config, (s) => new Map(s.listDags().map((d) => [d.dagId, d.isPaused])));
      const rows = parsed.dags.map((d) => ({
        dag_id: d.dagId,
        fileloc: d.fileloc,
        owners: dagOwner(d),
        is_paused: paused.get(d.dagId) ?? d.isPausedUponCreation ?? defaults.dagsArePausedAtCreation,
      }));
      ctx.out(formatRows(rows, ['dag_id', 'fileloc', 'owners', 'is_paused'], format(o.output)));
      if (parsed.importErrors.length && format(o.output) === 'table') {
        ctx.err(`Failed to load all files. For details, run \`mwaa-agent dags list-import-errors\``);
      }
    });

  dags
    .command('list-import-errors')
    .description('List the DAG files that fail to import, with their errors')
    .option(...outputOption)
    .action(async (o: { output: string }) => {
      const { parsed } = await loadDags(ctx);
      // Airflow shows the traceback its DagBag stored.
      const rows = parsed.importErrors.map((e) => ({ filepath: e.filename, error: e.stackTrace ?? e.message }));
      ctx.out(formatRows(rows, ['filepath', 'error'], format(o.output)));
      if (rows.length) ctx.exitCode = 1;
    });

  dags
    .command('trigger <dag_id>')
    .description('Trigger a new DAG run (picked up by the running agent)')
    .option('-c, --conf <json>', "JSON string that gets pickled into the DagRun's conf attribute")
    .option('-r, --run-id <run_id>', 'Helps to identify this run')
    .option('-e, --exec-date <iso>', 'The logical date of the DAG')
    .option('--no-replace-microseconds', 'keep the microseconds of the logical date')
    .option(...outputOption)
    .action(
      async (
        dagId: string,
        o: { conf?: string; runId?: string; execDate?: string; replaceMicroseconds: boolean; output: string },
      ) => {
        const fmt = format(o.output); // before anything is created
        const { dag, parsed, config, defaults, verdict } = await loadDagContext(ctx, dagId);
        if (parsed.importErrors.some((e) => e.filename === dag.relativeFileloc)) {
          throw new AgentError('DAG_IMPORT_ERROR', `DAG with dag_id: '${dagId}' has import errors`);
        }
        let conf: Record<string, unknown> = {};
        if (o.conf !== undefined) {
          try {
            conf = JSON.parse(o.conf) as Record<string, unknown>;
          } catch (e) {
            throw new AgentError('API_BAD_REQUEST', `--conf is not valid JSON: ${(e as Error).message}`);
          }
          if (conf === null || typeof conf !== 'object' || Array.isArray(conf))
            throw new AgentError('API_BAD_REQUEST', '--conf must be a JSON object');
        }
        const { verdictProfile } = await import('../../requirements/requirements-verdict.js');
        const { createManualRun } = await import('../../schedule/manual-run.js');
        const run = await withRunStore(config, (store) => {
          const created = createManualRun(store, dag, {
            now: new SystemClock().now(),
            conf,
            runId: o.runId,
            logicalDate: o.execDate,
            replaceMicroseconds: o.replaceMicroseconds,
            runs: verdictProfile(verdict).runs,
          });
          const rec = store.getDag(dagId);
          if (rec?.isPaused ?? defaults.dagsArePausedAtCreation) {
            ctx.err(
              `DAG ${dagId} is paused: the run stays queued until you unpause it (mwaa-agent dags unpause ${dagId})`,
            );
          }
          return created;
        });
        const row = {
          conf: run.conf,
          dag_id: run.dagId,
          dag_run_id: run.runId,
          data_interval_start: run.dataIntervalStart,
          data_interval_end: run.dataIntervalEnd,
          end_date: run.endDate,
          external_trigger: run.externalTrigger,
          logical_date: run.logicalDate,
          run_type: run.runType,
          start_date: run.startDate,
          state: run.state,
        };
        ctx.out(formatRows([row], Object.keys(row), fmt));
      },
    );

  dags
    .command('list-runs [dag_id]')
    .description('List DAG runs given a DAG id')
    .option('-d, --dag-id <dag_id>', 'the DAG id (same as the positional argument)')
    .option('--state <state>', 'only runs in this state')
    .option(...outputOption)
    .action(async (pos: string | undefined, o: { dagId?: string; state?: string; output: string }) => {
      const dagId = pos ?? o.dagId;
      if (!dagId) throw new AgentError('CONFIG_INVALID', 'the following arguments are required: dag_id');
      const config = ctx.config();
      const rows = await withRunStore(config, (s) => {
        if (!s.getDag(dagId) && s.listRuns(dagId).total === 0)
          throw new AgentError('DAG_NOT_FOUND', `DAG: ${dagId} does not exist in 'dag' table`);
        return s
          .listRuns(dagId, { newestFirst: true, state: o.state ? [o.state as DagRunRecord['state']] : undefined })
          .runs.map(runRow);
      });
      ctx.out(
        formatRows(rows, ['dag_id', 'run_id', 'state', 'execution_date', 'start_date', 'end_date'], format(o.output)),
      );
    });

  for (const [name, paused] of [
    ['pause', true],
    ['unpause', false],
  ] as const) {
    dags
      .command(`${name} <dag_id>`)
      .description(`${paused ? 'Pause' : 'Resume'} a DAG`)
      .action(async (dagId: string) => {
        const { dag, config } = await loadDagContext(ctx, dagId);
        await withRunStore(config, (s) => {
          if (!s.getDag(dagId)) {
            s.upsertDag({
              dagId,
              relativeFileloc: dag.relativeFileloc,
              pausedUponCreation: paused,
              hasImportErrors: false,
              parsedAt: storedDate(new Date()),
            });
          }
          s.setPaused(dagId, paused);
        });
        ctx.out(`Dag: ${dagId}, paused: ${paused ? 'True' : 'False'}`);
      });
  }
}
