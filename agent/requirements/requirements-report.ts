import { basename, relative } from 'node:path';
import type { RequirementsVerdict } from './requirements-verdict.js';

/** `mwaa-agent requirements check` output: one `FILE:LINE: severity: message` per diagnostic, or JSON. */
export function formatDiagnosticLines(verdict: RequirementsVerdict, cwd: string): string[] {
  return verdict.diagnostics.map((d) => `${display(d.file, cwd)}:${d.line ?? 1}: ${d.severity}: ${d.message}`);
}

/** The JSON shape of issue 4: ok, airflow_version, python_version, constraints, providers, connection_types, diagnostics. */
export function verdictJson(verdict: RequirementsVerdict, topFile: string, cwd: string): Record<string, unknown> {
  return {
    ok: verdict.ok,
    airflow_version: verdict.airflowVersion,
    python_version: verdict.pythonVersion,
    constraints: { source: verdict.constraints.source, resolved: verdict.constraints.resolved },
    providers: verdict.providers,
    connection_types: verdict.connectionTypes,
    diagnostics: verdict.diagnostics.map((d) => ({
      line: d.line,
      severity: d.severity,
      // The shape has no file field: a diagnostic from an included file names it in the message.
      message: d.file === topFile ? d.message : `${display(d.file, cwd)}:${d.line ?? 1}: ${d.message}`,
    })),
  };
}

function display(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel.startsWith('..') ? file : rel;
}

/**
 * Where the Airflow/Python versions of a verdict came from, in words: the environment's setting, the
 * constraints line of the file, or MWAA's default for a new environment (no file, or no constraints).
 */
export function versionSource(verdict: RequirementsVerdict, requirementsFile: string, fileExists: boolean): string {
  const { source, resolved } = verdict.constraints;
  const name = basename(requirementsFile);
  if (verdict.airflowVersionFrom === 'setting')
    return "the environment's setting (--airflow-version / MWAA_AGENT_AIRFLOW_VERSION)";
  // MWAA's default is the newest version it offers, which a new environment gets.
  const newest = "MWAA's default";
  if (!fileExists) return `${newest}: there is no ${name}`;
  if (verdict.airflowVersionFrom === 'constraints' && source === 'url')
    return `the constraints URL in ${name}: ${resolved}`;
  if (verdict.airflowVersionFrom === 'constraints' && source === 'path')
    return `the constraints file in ${name}: ${resolved}`;
  if (source === 'url' || source === 'path') return `${newest}: the constraints in ${name} name no Airflow version`;
  return `${newest}: ${name} names no constraints`;
}

/** The AWS guide's note (Creating an SSH connection using the SSHOperator) for a list without SSH. */
export const GUIDE_SSH_NOTE =
  "If the SSH connection type is not available in the list, Amazon MWAA hasn't installed the required " +
  'apache-airflow-providers-ssh package. Update your requirements.txt file to include this package, then try again.';

/**
 * What `requirements check` says after the diagnostics: the versions applied and where they came from, the
 * connection types the file enables, and — when SSH is not among them — the guide's advice.
 */
export function formatSummaryLines(
  verdict: RequirementsVerdict,
  requirementsFile: string,
  fileExists: boolean,
): string[] {
  const lines = [
    `Airflow ${verdict.airflowVersion}, Python ${verdict.pythonVersion}: from ${versionSource(verdict, requirementsFile, fileExists)}`,
    `connection types: ${verdict.connectionTypes.join(', ')}`,
  ];
  if (!verdict.connectionTypes.includes('ssh'))
    lines.push(`no SSH connection type (SSHOperator tasks cannot run): ${GUIDE_SSH_NOTE}`);
  return lines;
}
