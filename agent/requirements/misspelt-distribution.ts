import { closest, distance } from 'fastest-levenshtein';
import { COMMON_DISTRIBUTIONS, PROVIDER_DISTRIBUTIONS } from './known-distributions.js';
import type { LocatedRequirement } from './requirements-file-walker.js';
import type { RequirementsDiagnostic } from './requirements-verdict.js';

const PROVIDER_PREFIX = 'apache-airflow-providers-';
const KNOWN: readonly string[] = [...new Set(['apache-airflow', ...PROVIDER_DISTRIBUTIONS, ...COMMON_DISTRIBUTIONS])];
const KNOWN_SET = new Set(KNOWN);
const PROVIDER_IDS: readonly string[] = PROVIDER_DISTRIBUTIONS.map((d) => d.slice(PROVIDER_PREFIX.length));

/**
 * The known distribution a canonical name was probably meant to be, when the name itself is unknown:
 * - an `apache-airflow-providers-*` name is always suspect when unknown (`suggestion` null when nothing is close);
 * - any other name only when a known one is within a few edits (one per five characters, at least one), so
 *   private packages with names of their own draw no warning.
 * Null when the name is known or not close to one. `alsoKnown`: names the constraints pin.
 */
export function misspeltDistribution(
  canonical: string,
  alsoKnown: ReadonlySet<string>,
): { suggestion: string | null } | null {
  if (KNOWN_SET.has(canonical) || alsoKnown.has(canonical)) return null;
  if (canonical.startsWith(PROVIDER_PREFIX)) {
    // Compare the provider ids: the shared prefix would make every provider look close.
    const id = canonical.slice(PROVIDER_PREFIX.length);
    const near = nearest(id, PROVIDER_IDS, Math.max(1, Math.floor(id.length / 3)));
    return { suggestion: near ? PROVIDER_PREFIX + near : null };
  }
  if (canonical.length < 5) return null;
  const near = nearest(canonical, KNOWN, Math.max(1, Math.floor(canonical.length / 5)));
  return near ? { suggestion: near } : null;
}

/** The closest of `names` within `maxEdits` edits of `name`, or null. Only names of a near length are compared. */
function nearest(name: string, names: readonly string[], maxEdits: number): string | null {
  const candidates = names.filter((n) => Math.abs(n.length - name.length) <= maxEdits);
  if (candidates.length === 0) return null;
  const near = closest(name, candidates);
  return distance(name, near) <= maxEdits ? near : null;
}

/** One warning per requirement whose name matches no known distribution (diagnostics never change `ok`). */
export function misspeltNameDiagnostics(
  active: readonly LocatedRequirement[],
  pinned: ReadonlySet<string>,
): RequirementsDiagnostic[] {
  const out: RequirementsDiagnostic[] = [];
  for (const r of active) {
    const name = r.req.canonical;
    if (!name || r.req.url !== null) continue;
    const miss = misspeltDistribution(name, pinned);
    if (!miss) continue;
    const shown = r.req.name ?? name;
    out.push({
      file: r.file,
      line: r.line,
      severity: 'warning',
      message:
        `${shown} matches no known distribution${miss.suggestion ? `: did you mean ${miss.suggestion}?` : ''} ` +
        `(if it does not exist, pip stops with "No matching distribution found for ${shown}" and MWAA installs none of the requirements)`,
    });
  }
  return out;
}
