import type { VersionSpec } from './pep440-specifier.js';
import { formatSpecifiers } from './pep440-specifier.js';
import type { RequirementSpec } from './pep508-requirement.js';

/**
 * The texts pip and MWAA print, so users can search for them. pip's multi-line reports are kept whole
 * for the UI and folded into one line for `FILE:LINE: error: message` diagnostics.
 */

/** How pip prints a root requirement in a conflict (`str(packaging.Requirement)`). */
export function formatRequirement(req: RequirementSpec): string {
  const extras = req.extras.length > 0 ? `[${[...req.extras].sort().join(',')}]` : '';
  return `${req.name ?? '(direct reference)'}${extras}${formatSpecifiers(req.specifiers)}`;
}

/** Root requirements that cannot be installed together, and the constraints involved. */
export interface ConflictInput {
  requested: RequirementSpec[];
  /** Canonical name → constraint specifiers, as pip merges every constraints file. */
  constraints: Array<{ key: string; specs: VersionSpec[] }>;
}

/** pip's ResolutionImpossible report (`factory.py` `get_installation_error`), all lines. */
export function pipConflictReport(c: ConflictInput): string[] {
  const triggers = [...new Set(c.requested.map(formatRequirement))].sort();
  const lines = [
    `ERROR: Cannot install ${textJoin(triggers)} because these package versions have conflicting dependencies.`,
    '',
    'The conflict is caused by:',
  ];
  for (const r of c.requested) lines.push(`    The user requested ${formatRequirement(r)}`);
  for (const k of c.constraints) lines.push(`    The user requested (constraint) ${k.key}${formatSpecifiers(k.specs)}`);
  lines.push(
    '',
    'To fix this you could try to:',
    "1. loosen the range of package versions you've specified",
    '2. remove package versions to allow pip to attempt to solve the dependency conflict',
    '',
    'ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/#dealing-with-dependency-conflicts',
  );
  return lines;
}

/** The same report on one line: `Cannot install … : The user requested … / The user requested (constraint) …`. */
export function pipConflictLine(c: ConflictInput): string {
  const triggers = [...new Set(c.requested.map(formatRequirement))].sort();
  const causes = [
    ...c.requested.map((r) => `The user requested ${formatRequirement(r)}`),
    ...c.constraints.map((k) => `The user requested (constraint) ${k.key}${formatSpecifiers(k.specs)}`),
  ];
  return `Cannot install ${textJoin(triggers)} because these package versions have conflicting dependencies: ${causes.join(' / ')} (ResolutionImpossible)`;
}

/** pip's `text_join`: "a", "a and b", "a, b and c". */
function textJoin(parts: string[]): string {
  if (parts.length <= 1) return parts[0] ?? 'the requested packages';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** amazon-mwaa-docker-images `user_requirements.py`, logged when no constraint is found. */
export const MWAA_MISSING_CONSTRAINTS_WARNING =
  'WARNING: Constraints should be specified for requirements.txt. Please see https://docs.aws.amazon.com/mwaa/latest/userguide/working-dags-dependencies.html#working-dags-dependencies-test-create';
export const MWAA_FORCING_CONSTRAINTS = 'Forcing local constraints';

/** amazon-mwaa-docker-images `user_requirements.py`, logged when pip fails. */
export const MWAA_PIP_FAILED =
  'ERROR: pip installation exited with a non-zero error code. This could be the result of package conflict. Notice that MWAA enforces a list of critical packages, e.g. Airflow, Celery, among others, whose version cannot be overridden by the customer as that can break our setup. Please double check your requirements.txt file.';

/** MWAA's answer when an update names an S3 object version that does not exist. */
export function unableToReadVersionMessage(versionId: string, file = 'requirements.txt'): string {
  return `Unable to read version ${versionId} of file ${file}`;
}

/** pip ≥ 20.3 when a URL/path requirement's name is also constrained. */
export function cannotConstrainUrlMessage(name: string): string {
  return `Could not satisfy constraints for '${name}': installation from path or url cannot be constrained to a version`;
}

export function noMatchingDistributionMessage(req: RequirementSpec): string {
  const text = formatRequirement(req);
  return `Could not find a version that satisfies the requirement ${text} (from versions: none); No matching distribution found for ${text} (--no-index is set and no --find-links is given)`;
}
