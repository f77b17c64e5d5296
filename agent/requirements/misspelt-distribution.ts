import { distance } from 'fastest-levenshtein';
import { COMMON_DISTRIBUTIONS, PROVIDER_DISTRIBUTIONS } from './known-distributions.js';
import type { LocatedRequirement } from './requirements-file-walker.js';
import type { RequirementsDiagnostic } from './requirements-verdict.js';

const PROVIDER_PREFIX = 'apache-airflow-providers-';
const KNOWN: readonly string[] = [...new Set(['apache-airflow', ...PROVIDER_DISTRIBUTIONS, ...COMMON_DISTRIBUTIONS])];
const KNOWN_SET = new Set(KNOWN);

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
    const near = indexes().providers.nearest(id, Math.max(1, Math.floor(id.length / 3)));
    return { suggestion: near ? PROVIDER_PREFIX + near : null };
  }
  if (canonical.length < 5) return null;
  const near = indexes().known.nearest(canonical, Math.max(1, Math.floor(canonical.length / 5)));
  return near ? { suggestion: near } : null;
}

/** The distinct two-character pieces of a name. */
function bigrams(name: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < name.length; i++) out.add(name.slice(i, i + 2));
  return out;
}

/**
 * Names searchable by edit distance. Comparing a name with each of 3,000 known ones cost ~150 ms for a
 * 1,000-line file, so candidates are first found by shared bigrams (the q-gram count filter: one edit
 * removes at most two of a name's bigrams, so a name within k edits shares all but 2k of the query's distinct
 * bigrams) and only those are compared. The answer is the one a full scan gives (same first-minimum order).
 * Written here: the Levenshtein libraries on npm compare against every name.
 */
export class NameIndex {
  readonly #names: readonly string[];
  readonly #byBigram = new Map<string, number[]>();
  /** Shared bigrams per name during one search (zeroed after it). */
  readonly #counts: Uint16Array;

  constructor(names: readonly string[]) {
    this.#names = names;
    this.#counts = new Uint16Array(names.length);
    names.forEach((name, i) => {
      for (const g of bigrams(name)) {
        const ids = this.#byBigram.get(g);
        if (ids) ids.push(i);
        else this.#byBigram.set(g, [i]);
      }
    });
  }

  /** The first of the closest names within `maxEdits` edits of `name`, or null. */
  nearest(name: string, maxEdits: number): string | null {
    const grams = bigrams(name);
    const need = grams.size - 2 * maxEdits;
    let ids: number[];
    if (need <= 0) ids = this.#names.map((_, i) => i);
    else {
      const counts = this.#counts;
      const touched: number[] = [];
      for (const g of grams)
        for (const i of this.#byBigram.get(g) ?? []) {
          if (Math.abs(this.#names[i]!.length - name.length) > maxEdits) continue;
          const c = counts[i]!;
          if (c === 0) touched.push(i);
          counts[i] = c + 1;
        }
      ids = touched.filter((i) => counts[i]! >= need);
      for (const i of touched) counts[i] = 0;
      ids.sort((a, b) => a - b);
    }
    let best: string | null = null;
    let bestDistance = maxEdits + 1;
    for (const i of ids) {
      const candidate = this.#names[i]!;
      if (Math.abs(candidate.length - name.length) > maxEdits) continue;
      const d = distance(name, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }
}

/** Built on the first unknown name (~10 ms): a file of known names never pays for them. */
let built: { known: NameIndex; providers: NameIndex } | null = null;
function indexes(): { known: NameIndex; providers: NameIndex } {
  built ??= {
    known: new NameIndex(KNOWN),
    providers: new NameIndex(PROVIDER_DISTRIBUTIONS.map((d) => d.slice(PROVIDER_PREFIX.length))),
  };
  return built;
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
