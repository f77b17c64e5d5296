import type { CheckFinding, CheckVerdict } from '../../dags/check-verdict.js';

/** The check's report formats (`--format`). */
export const CHECK_FORMATS = ['text', 'json', 'junit'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** Where a finding is: `file:line`, or the file alone. */
export function findingPlace(f: Pick<CheckFinding, 'file' | 'line'>): string {
  return f.line === null ? f.file : `${f.file}:${f.line}`;
}

/** One line per finding (an import error's traceback indented below it), then the per-version verdict. */
export function textReport(verdict: CheckVerdict): string[] {
  const lines = verdict.findings.map(findingText);
  const many = verdict.versions.length > 1;
  if (lines.length) lines.push('');
  const [base] = verdict.versions;
  for (const v of verdict.versions) {
    const newly = v === base || !many ? '' : `, ${v.newlyBroken.length} of them load on ${base!.airflowVersion}`;
    lines.push(
      `Airflow ${v.airflowVersion}: ${v.files} DAG file${v.files === 1 ? '' : 's'}, ${v.dags} DAG${v.dags === 1 ? '' : 's'}, ${v.broken.length} file${v.broken.length === 1 ? '' : 's'} that do${v.broken.length === 1 ? 'es' : ''} not load${newly}`,
    );
    if (many && v !== base)
      for (const b of v.broken)
        if (v.newlyBroken.includes(b.file)) lines.push(`  breaks: ${findingPlace(b)}  ${b.reason}`);
  }
  lines.push(
    `${verdict.errors} error${verdict.errors === 1 ? '' : 's'}, ${verdict.warnings} warning${verdict.warnings === 1 ? '' : 's'}`,
  );
  return lines;
}

/** `error   file:line  [3.3.1] CODE  message`, the message's further lines indented. */
export function findingText(f: CheckFinding): string {
  const [head, ...rest] = f.message.split('\n');
  const version = f.airflowVersion ? `[${f.airflowVersion}] ` : '';
  return [
    `${f.severity.padEnd(7)} ${findingPlace(f)}  ${version}${f.code}  ${head}`,
    ...rest.map((l) => `        ${l}`),
  ].join('\n');
}

/** The verdict as JSON (snake_case, as the other commands' JSON). */
export function jsonReport(verdict: CheckVerdict, exitCode: number): string {
  return JSON.stringify(
    {
      exit_code: exitCode,
      errors: verdict.errors,
      warnings: verdict.warnings,
      versions: verdict.versions.map((v) => ({
        airflow_version: v.airflowVersion,
        files: v.files,
        dags: v.dags,
        broken: v.broken,
        newly_broken: v.newlyBroken,
      })),
      findings: verdict.findings.map((f) => ({
        severity: f.severity,
        code: f.code,
        file: f.file,
        line: f.line,
        airflow_version: f.airflowVersion,
        ...(f.dagId ? { dag_id: f.dagId } : {}),
        ...(f.taskId ? { task_id: f.taskId } : {}),
        message: f.message,
      })),
    },
    null,
    2,
  );
}

/**
 * JUnit XML as GitHub Actions' and GitLab's test reports read it: one `<testsuite>` per Airflow version, one
 * `<testcase>` per file (DAG files, requirements.txt, connections) with a `<failure>` when the file has
 * errors on that version; warnings go to the case's `<system-out>`.
 */
export function junitReport(verdict: CheckVerdict, files: ReadonlyMap<string, readonly string[]>): string {
  const suites = verdict.versions.map((v) => {
    const findings = verdict.findings.filter((f) => f.airflowVersion === null || f.airflowVersion === v.airflowVersion);
    const names = [...new Set([...(files.get(v.airflowVersion) ?? []), ...findings.map((f) => f.file)])].sort();
    const cases = names.map((file) => {
      const mine = findings.filter((f) => f.file === file);
      const errors = mine.filter((f) => f.severity === 'error');
      const warnings = mine.filter((f) => f.severity === 'warning');
      const failure = errors.length
        ? `\n      <failure message="${attr(headline(errors[0]!))}" type="${attr(errors[0]!.code)}">${text(errors.map(findingText).join('\n'))}</failure>`
        : '';
      const out = warnings.length
        ? `\n      <system-out>${text(warnings.map(findingText).join('\n'))}</system-out>`
        : '';
      const close = failure || out ? `${failure}${out}\n    </testcase>` : '';
      return `    <testcase name="${attr(file)}" classname="mwaa-agent check.Airflow ${attr(v.airflowVersion)}" time="0"${close ? `>${close}` : ' />'}`;
    });
    const failures = cases.filter((c) => c.includes('<failure')).length;
    return [
      `  <testsuite name="Airflow ${attr(v.airflowVersion)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="0">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  const tests = suites.reduce((n, s) => n + (s.match(/<testcase /g)?.length ?? 0), 0);
  const failures = suites.reduce((n, s) => n + (s.match(/<failure /g)?.length ?? 0), 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mwaa-agent check" tests="${tests}" failures="${failures}" errors="0" time="0">`,
    ...suites,
    '</testsuites>',
  ].join('\n');
}

function headline(f: CheckFinding): string {
  return `${findingPlace(f)}: ${f.message.split('\n')[0]}`;
}

/** XML 1.0 forbids most control characters even escaped: they are dropped. */
function clean(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

function text(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
