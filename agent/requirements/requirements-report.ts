import { relative } from 'node:path';
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
