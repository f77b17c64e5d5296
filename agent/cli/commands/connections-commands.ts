import { existsSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Option, type Command } from 'commander';
import { AgentError, isAgentError } from '../../core/errors.js';
import type { Connection } from '../../connections/connection.js';
import { assertValidConnId, keyError } from '../../connections/conn-id.js';
import { extraError } from '../../connections/connection-extra.js';
import type { ExportFileFormat } from '../../connections/connection-files.js';
import { parseConnectionJson } from '../../connections/connection-json.js';
import { pyInt } from '../../python/number-conversion.js';
import { assertConnectionTypeAvailable } from '../../connections/connection-type-gate.js';
import { hasUriScheme, parseConnectionUri } from '../../connections/connection-uri.js';
import {
  CONNECTION_COLUMNS,
  connectionCliRow,
  maskerFor,
  redactedConnection,
} from '../../connections/connection-view.js';
import type { SecretsState } from '../../connections/secrets-database.js';
import type { CliContext } from '../cli-context.js';
import type { Config } from '../../core/config.js';
import { formatRows, OUTPUT_FORMATS, type OutputFormat } from '../output.js';

/** Flags every subcommand accepts to find the state folder and requirements (else env/config/defaults). */
interface PathFlags {
  stateDir?: string;
  dagsDir?: string;
  requirementsDir?: string;
}

function withPaths(cmd: Command): Command {
  return cmd
    .option('--state-dir <dir>', 'state folder (env MWAA_AGENT_STATE_DIR)')
    .option('--dags-dir <dir>', 'local DAG folder (env MWAA_AGENT_DAGS_DIR)')
    .option('--requirements-dir <dir>', 'folder of requirements.txt (env MWAA_AGENT_REQUIREMENTS_DIR)');
}

function outputOption(): Option {
  return new Option('-o, --output <format>', 'output format').choices(OUTPUT_FORMATS as string[]).default('table');
}

function config(ctx: CliContext, flags: PathFlags): Readonly<Config> {
  return ctx.config({ stateDir: flags.stateDir, dagsDir: flags.dagsDir, requirementsDir: flags.requirementsDir });
}

async function withState<T>(
  ctx: CliContext,
  flags: PathFlags,
  use: (state: SecretsState, cfg: Readonly<Config>) => T | Promise<T>,
): Promise<T> {
  const cfg = config(ctx, flags);
  const { openStateSecrets } = await import('../../state/state-secrets.js');
  const state = await openStateSecrets({ stateDir: cfg.stateDir, fernetKey: cfg.fernetKey, stateUrl: cfg.stateUrl });
  try {
    return await use(state, cfg);
  } finally {
    state.close();
  }
}

function refuse(message: string): never {
  throw new AgentError('CONNECTION_INVALID', message);
}

async function verdictOf(cfg: Readonly<Config>, ctx: CliContext) {
  const { loadRequirementsVerdict } = await import('../../requirements/requirements-verdict-loader.js');
  const requirementsFile = join(cfg.requirementsDir, 'requirements.txt');
  return loadRequirementsVerdict({ requirementsFile, dagsDir: cfg.dagsDir, stateDir: cfg.stateDir, env: ctx.env });
}

async function checkType(conn: Connection, cfg: Readonly<Config>): Promise<void> {
  const { loadRequirementsVerdict } = await import('../../requirements/requirements-verdict-loader.js');
  const requirementsFile = join(cfg.requirementsDir, 'requirements.txt');
  const verdict = loadRequirementsVerdict({ requirementsFile, dagsDir: cfg.dagsDir, stateDir: cfg.stateDir });
  assertConnectionTypeAvailable(conn.connType ?? '', verdict, requirementsFile);
}

interface AddFlags extends PathFlags {
  connUri?: string;
  connJson?: string;
  connType?: string;
  connHost?: string;
  connLogin?: string;
  connPassword?: string;
  connSchema?: string;
  connPort?: string;
  connExtra?: string;
  connDescription?: string;
}

const ALTERNATIVE_SPECS = [
  ['conn_type', 'connType'],
  ['conn_host', 'connHost'],
  ['conn_login', 'connLogin'],
  ['conn_password', 'connPassword'],
  ['conn_schema', 'connSchema'],
  ['conn_port', 'connPort'],
] as const;

/** Airflow's `connections_add` argument checks and Connection construction. */
function connectionFromAddFlags(connId: string, o: AddFlags): Connection {
  assertValidConnId(connId);
  const [hasUri, hasJson, hasType] = [!!o.connUri, !!o.connJson, !!o.connType];
  if (!hasType && !(hasJson || hasUri)) refuse('Must supply either conn-uri or conn-json if not supplying conn-type');
  if (hasJson && hasUri) refuse('Cannot supply both conn-uri and conn-json');
  if (hasUri || hasJson) {
    if (hasUri && !hasUriScheme(o.connUri!))
      refuse(`The URI provided to --conn-uri is invalid: ${o.connUri!.replace(/:[^:@/]*@/, ':***@')}`);
    const invalid: string[] = ALTERNATIVE_SPECS.filter(([, k]) => o[k] !== undefined).map(([name]) => name);
    if (hasJson && o.connExtra) invalid.push('--conn-extra');
    if (invalid.length > 0) {
      refuse(
        `The following args are not compatible with the --conn-${hasUri ? 'uri' : 'json'} flag: [${invalid.map((a) => `'${a}'`).join(', ')}]`,
      );
    }
  }
  let conn: Connection;
  if (hasUri) {
    conn = { ...parseConnectionUri(connId, o.connUri!), description: o.connDescription ?? null };
    if (o.connExtra !== undefined) conn.extra = o.connExtra;
  } else if (hasJson) {
    conn = parseConnectionJson(connId, o.connJson!);
    if (!conn.connType) refuse('conn-json is invalid; must supply conn-type');
  } else {
    let port: number | null = null;
    if (o.connPort !== undefined && o.connPort !== '') {
      try {
        port = pyInt(o.connPort);
      } catch {
        refuse(`argument --conn-port: invalid int value: '${o.connPort}'`);
      }
    }
    conn = {
      connId,
      connType: o.connType!,
      description: o.connDescription ?? null,
      host: o.connHost ?? null,
      schema: o.connSchema ?? null,
      login: o.connLogin ?? null,
      password: o.connPassword ?? null,
      port,
      extra: o.connExtra ?? null,
    };
  }
  const badExtra = extraError(conn.extra, connId);
  if (badExtra) refuse(badExtra);
  return conn;
}

/** What `connections add` echoes: the URI given (secrets masked) or `type://login:******@host:port/schema`. */
function addedSummary(conn: Connection, uri: string | undefined): string {
  if (uri) return maskerFor(conn).maskText(uri);
  const schema = conn.schema ? (conn.schema.startsWith('/') ? conn.schema : '/' + conn.schema) : '';
  return `${conn.connType}://${conn.login ?? ''}:${conn.password ? '******' : ''}@${conn.host ?? ''}:${conn.port ?? ''}${schema}`;
}

function registerAdd(group: Command, ctx: CliContext): void {
  withPaths(group.command('add <conn_id>'))
    .description('Add a connection (the type must be offered by requirements.txt)')
    .option('--conn-uri <uri>', 'connection URI, required to add a connection without conn_type')
    .option('--conn-json <json>', 'connection JSON, required to add a connection without conn_type')
    .option('--conn-type <type>', 'connection type, required to add a connection without conn_uri')
    .option('--conn-host <host>', 'connection host')
    .option('--conn-login <login>', 'connection login')
    .option('--conn-password <password>', 'connection password')
    .option('--conn-schema <schema>', 'connection schema')
    .option('--conn-port <port>', 'connection port')
    .option('--conn-extra <json>', 'connection extra field (a JSON object)')
    .option('--conn-description <text>', 'connection description')
    .action(async (connId: string, o: AddFlags) => {
      const conn = connectionFromAddFlags(connId, o);
      await withState(ctx, o, async (state, cfg) => {
        await checkType(conn, cfg);
        state.connections.add(conn);
      });
      ctx.out(`Successfully added \`conn_id\`=${conn.connId} : ${addedSummary(conn, o.connUri)}`);
    });
}

function registerGetListDelete(group: Command, ctx: CliContext): void {
  withPaths(group.command('get <conn_id>'))
    .description(
      'Get a connection (environment AIRFLOW_CONN_* first, then the store); password and sensitive extras print as ***',
    )
    .addOption(outputOption())
    .action(async (connId: string, o: PathFlags & { output: OutputFormat }) => {
      const { cliLookups } = await import('./secrets-lookups.js');
      const { verdictProfile } = await import('../../requirements/requirements-verdict.js');
      const row = await withState(ctx, o, async (state, cfg) => {
        const lookups = cliLookups(ctx, cfg, verdictProfile(await verdictOf(cfg, ctx)), state);
        try {
          const found = await lookups.connections.find(connId);
          return found?.source === 'store' ? state.connections.get(connId) : (found?.connection ?? null);
        } finally {
          lookups.close();
        }
      });
      if (!row) refuse('Connection not found.');
      ctx.out(formatRows([connectionCliRow(row)], CONNECTION_COLUMNS, o.output));
    });

  withPaths(group.command('list'))
    .description('List the stored connections (not AIRFLOW_CONN_* ones); password and sensitive extras print as ***')
    .option('--conn-id <conn_id>', 'only this connection')
    .addOption(outputOption())
    .action(async (o: PathFlags & { connId?: string; output: OutputFormat }) => {
      const rows = await withState(ctx, o, (state) =>
        state.connections.list({ connId: o.connId }).map(connectionCliRow),
      );
      ctx.out(formatRows(rows, CONNECTION_COLUMNS, o.output));
    });

  withPaths(group.command('delete <conn_id>'))
    .description('Delete a stored connection')
    .action(async (connId: string, o: PathFlags) => {
      const deleted = await withState(ctx, o, (state) => state.connections.delete(connId));
      if (!deleted)
        throw new AgentError('CONNECTION_NOT_FOUND', `Did not find a connection with \`conn_id\`=${connId}`);
      ctx.out(`Successfully deleted connection with \`conn_id\`=${connId}`);
    });
}

interface ExportFlags extends PathFlags {
  fileFormat?: string;
  serializationFormat?: 'uri' | 'json';
}

/** Airflow's `connections_export` format choice. */
function exportFormat(file: string, o: ExportFlags): ExportFileFormat {
  const provided = o.fileFormat ? o.fileFormat.toLowerCase() : null;
  let format: string;
  if (file === '-') format = provided ?? 'json';
  else if (provided) format = provided;
  else {
    format = extname(file).toLowerCase().slice(1);
    if (!['yaml', 'json', 'env'].includes(format))
      refuse('Unsupported file format. The file must have the extension .yaml, .json, .env.');
  }
  if (o.serializationFormat && format !== 'env')
    refuse('Option `--serialization-format` may only be used with file type `env`.');
  return format as ExportFileFormat;
}

function registerExportImport(group: Command, ctx: CliContext): void {
  withPaths(group.command('export <file>'))
    .description('Export the stored connections to a file (written 0600), or to stdout with "-" (secrets as ***)')
    .addOption(new Option('--file-format <format>', 'file format').choices(['json', 'yaml', 'env']))
    .addOption(new Option('--serialization-format <format>', 'env lines as uri or json').choices(['uri', 'json']))
    .action(async (file: string, o: ExportFlags) => {
      const format = exportFormat(file, o);
      const conns = await withState(ctx, o, (state) => state.connections.list());
      const { formatConnectionsExport } = await import('../../connections/connection-files.js');
      if (file === '-') {
        ctx.out(formatConnectionsExport(conns.map(redactedConnection), format, o.serializationFormat ?? 'uri'));
        ctx.err(
          '\nConnections successfully exported. (Passwords and sensitive extras are masked as *** on stdout; export to a file to keep them.)',
        );
        return;
      }
      writeFileSync(file, formatConnectionsExport(conns, format, o.serializationFormat ?? 'uri'), { mode: 0o600 });
      ctx.out(`Connections successfully exported to ${file}.`);
    });

  withPaths(group.command('import <file>'))
    .description('Import connections from a .json, .yaml/.yml or .env file')
    .option('--overwrite', 'overwrite existing connections', false)
    .action(async (file: string, o: PathFlags & { overwrite: boolean }) => {
      if (!existsSync(file)) refuse('Missing connections file.');
      const { loadConnectionsFile } = await import('../../connections/connection-files.js');
      const conns = loadConnectionsFile(file);
      await withState(ctx, o, async (state, cfg) => {
        for (const [connId, conn] of conns) {
          const invalidKey = keyError(connId);
          if (invalidKey) {
            ctx.out(`Could not import connection. ${invalidKey}`);
            continue;
          }
          const problem = await importProblem(conn, cfg);
          if (problem) {
            ctx.out(`Could not import connection ${connId}: ${problem}`);
            continue;
          }
          if (state.connections.get(connId) && !o.overwrite) {
            ctx.out(`Could not import connection ${connId}: connection already exists.`);
            continue;
          }
          state.connections.put(conn);
          ctx.out(`Imported connection ${connId}`);
        }
      });
    });
}

async function importProblem(conn: Connection, cfg: Readonly<Config>): Promise<string | null> {
  const badExtra = extraError(conn.extra, conn.connId);
  if (badExtra) return badExtra;
  try {
    await checkType(conn, cfg);
    return null;
  } catch (e) {
    if (isAgentError(e)) return e.message.split('\n').slice(0, 2).join(' ');
    throw e;
  }
}

/** `mwaa-agent connections add|get|list|delete|export|import`, with Airflow's flags and messages. */
export function registerConnectionsCommands(group: Command, ctx: CliContext): void {
  registerAdd(group, ctx);
  registerGetListDelete(group, ctx);
  registerExportImport(group, ctx);
}
