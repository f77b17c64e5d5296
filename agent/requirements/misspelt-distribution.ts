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

/**
 * Character classes of gram numbers: a–z, 0–9, `-`, `.`, `_`, and one class (39) for any other character, which
 * only merges grams and keeps the count filter sound.
 */
const CLASSES = 40;
const CLASS_OF_ASCII = new Uint8Array(128).fill(39);
for (let i = 0; i < 26; i++) CLASS_OF_ASCII[97 + i] = i;
for (let i = 0; i < 10; i++) CLASS_OF_ASCII[48 + i] = 26 + i;
CLASS_OF_ASCII[45] = 36;
CLASS_OF_ASCII[46] = 37;
CLASS_OF_ASCII[95] = 38;

/**
 * Names searchable by edit distance. Comparing a name with each of 3,000 known ones cost ~150 ms for a
 * 1,000-line file, so candidates are first found by shared q-grams (the count filter: one edit removes at most
 * q of a name's q-grams, so a name within k edits shares all but q·k of the query's distinct q-grams) and
 * only those are compared. The answer is the one a full scan gives (same first-minimum order).
 *
 * A CLI run builds the index and searches before the JIT has compiled much, so the work done is what counts
 * (issue 22 item 5): grams are numbers, postings hold the names of a length once a search
 * first reaches that length (a file of 10-character names builds a quarter of the index and reads few postings
 * of names too long or short to be within reach), and trigrams read 7× fewer postings than bigrams.
 * Written here: the Levenshtein libraries on npm compare against every name.
 */
export class NameIndex {
  readonly #names: readonly string[];
  readonly #q: 2 | 3;
  /** Name ids by length, then id; the names of length l are #byLength[#firstOfLength[l] … #firstOfLength[l + 1]). */
  readonly #byLength: Int32Array;
  readonly #firstOfLength: Int32Array;
  readonly #lengths: Int32Array;
  /** The ids of the names holding gram g, among the names of the lengths built so far (in no order). */
  readonly #postings = new Map<number, number[]>();
  readonly #built: Uint8Array;
  /** Shared grams per name during one search (zeroed after it), and the names it touched. */
  readonly #counts: Uint16Array;
  readonly #touched: Int32Array;
  /** Which search (or name, while building) last saw a gram: distinct grams without a Set. */
  readonly #seen: Int32Array;
  #stamp = 0;

  /**
   * `q`: gram length; 3 for names searched within about one edit per five characters, 2 for more edits than
   * that (trigrams would leave the filter nothing to exclude).
   */
  constructor(names: readonly string[], q: 2 | 3) {
    this.#names = names;
    this.#q = q;
    const lengths = new Int32Array(names.length);
    let longestName = 0;
    for (let id = 0; id < names.length; id++) {
      lengths[id] = names[id]!.length;
      longestName = Math.max(longestName, lengths[id]!);
    }
    // Counting sort by length (Int32Array.from with a map function and a sort with a comparator cost ~2 ms
    // each before the JIT warms up).
    const firstOfLength = new Int32Array(longestName + 2);
    for (let id = 0; id < names.length; id++) firstOfLength[lengths[id]! + 1]!++;
    for (let l = 0; l <= longestName; l++) firstOfLength[l + 1]! += firstOfLength[l]!;
    const byLength = new Int32Array(names.length);
    const fill = firstOfLength.slice();
    for (let id = 0; id < names.length; id++) byLength[fill[lengths[id]!]!++] = id;
    this.#byLength = byLength;
    this.#firstOfLength = firstOfLength;
    this.#lengths = lengths;
    this.#built = new Uint8Array(longestName + 1);
    this.#counts = new Uint16Array(names.length);
    this.#touched = new Int32Array(names.length);
    this.#seen = new Int32Array(q === 2 ? CLASSES * CLASSES : CLASSES * CLASSES * CLASSES);
  }

  /** The postings of the names of one length. */
  #buildLength(length: number): void {
    this.#built[length] = 1;
    const grams: number[] = [];
    for (let p = this.#firstOfLength[length]!; p < this.#firstOfLength[length + 1]!; p++) {
      const id = this.#byLength[p]!;
      grams.length = 0;
      this.#distinctGrams(this.#names[id]!, grams);
      for (let i = 0; i < grams.length; i++) {
        const ids = this.#postings.get(grams[i]!);
        if (ids) ids.push(id);
        else this.#postings.set(grams[i]!, [id]);
      }
    }
  }

  /** Appends the distinct grams of `name` to `out`; returns how many there are in it. */
  #distinctGrams(name: string, out: number[]): number {
    const seen = this.#seen;
    const stamp = ++this.#stamp;
    const q = this.#q;
    // The classes of the two characters before i.
    let a = 0;
    let b = 0;
    for (let i = 0; i < name.length; i++) {
      const code = name.charCodeAt(i);
      const c = code < 128 ? CLASS_OF_ASCII[code]! : 39;
      const g = q === 2 ? b * CLASSES + c : (a * CLASSES + b) * CLASSES + c;
      a = b;
      b = c;
      if (i + 1 < q || seen[g] === stamp) continue;
      seen[g] = stamp;
      out.push(g);
    }
    return out.length;
  }

  /** The first of the closest names within `maxEdits` edits of `name`, or null. */
  nearest(name: string, maxEdits: number): string | null {
    const shortest = Math.max(0, name.length - maxEdits);
    const longest = Math.min(this.#built.length - 1, name.length + maxEdits);
    if (shortest > longest) return null;
    const grams: number[] = [];
    const need = this.#distinctGrams(name, grams) - this.#q * maxEdits;
    let best = -1;
    let bestDistance = maxEdits + 1;
    /** Names come in any order; ties go to the lower id, as a full scan in order keeps its first minimum. */
    const consider = (id: number) => {
      const d = distance(name, this.#names[id]!);
      if (d < bestDistance || (d === bestDistance && id < best)) {
        best = id;
        bestDistance = d;
      }
    };
    if (need <= 0) {
      for (let p = this.#firstOfLength[shortest]!; p < this.#firstOfLength[longest + 1]!; p++)
        consider(this.#byLength[p]!);
      return best < 0 ? null : this.#names[best]!;
    }
    for (let length = shortest; length <= longest; length++) if (this.#built[length] === 0) this.#buildLength(length);
    const counts = this.#counts;
    const touched = this.#touched;
    const lengths = this.#lengths;
    let touchedCount = 0;
    // Indexed loops, not for…of: the iterator protocol is what an interpreted loop pays most for.
    for (let i = 0; i < grams.length; i++) {
      const ids = this.#postings.get(grams[i]!);
      if (ids === undefined) continue;
      for (let p = 0; p < ids.length; p++) {
        const id = ids[p]!;
        if (lengths[id]! < shortest || lengths[id]! > longest) continue;
        const c = counts[id]!;
        if (c === 0) touched[touchedCount++] = id;
        counts[id] = c + 1;
      }
    }
    for (let t = 0; t < touchedCount; t++) {
      const id = touched[t]!;
      if (counts[id]! >= need) consider(id);
      counts[id] = 0;
    }
    return best < 0 ? null : this.#names[best]!;
  }
}

/** Made on the first unknown name (postings as searches reach a length): a file of known names never pays. */
let built: { known: NameIndex; providers: NameIndex } | null = null;
function indexes(): { known: NameIndex; providers: NameIndex } {
  built ??= {
    known: new NameIndex(KNOWN, 3),
    providers: new NameIndex(
      PROVIDER_DISTRIBUTIONS.map((d) => d.slice(PROVIDER_PREFIX.length)),
      2,
    ),
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
