import pep440 from '@renovatebot/pep440';
import { comparePep440 } from '../python/version-order.js';
import { evaluateMarker, mwaaMarkerEnvironment } from './environment-markers.js';
import { type FindLinksFile, type FindLinksFolder, filesFor } from './find-links-index.js';
import type { ConstraintPin } from './installed-set.js';
import { formatSpecifiers, isValidVersion, versionSatisfies, type VersionSpec } from './pep440-specifier.js';
import { parseRequirementText, type RequirementSpec } from './pep508-requirement.js';
import { formatRequirement, pipConflictLine } from './pip-messages.js';
import type { LocatedRequirement } from './requirements-file-walker.js';
import { isCompatibleWheel, type WheelTarget } from './wheel-tags.js';

/**
 * What `pip install --no-index --find-links <folders> -r requirements.txt` does with each requirement, on the
 * MWAA worker's Python and platform: it takes the newest compatible version the requirement and the
 * constraints allow, then needs every dependency the same way, and fails with pip's own texts ("Could not
 * find a version that satisfies the requirement …", "No matching distribution found for …", the
 * ResolutionImpossible report). Pure: the folders' contents come from a {@link FindLinksFolder} listing.
 */
export interface FindLinksInput {
  requirements: readonly LocatedRequirement[];
  folders: readonly FindLinksFolder[];
  target: WheelTarget;
  /** Canonical name → constraint specifiers (every constraints file, merged). */
  pins: ReadonlyMap<string, readonly ConstraintPin[]>;
  /**
   * True when the constraints are known whole (cached or local files): a dependency they do not name
   * cannot be in the environment already. When false, such a dependency is not judged.
   */
  constraintsComplete: boolean;
  /** Distributions the environment has before pip runs (Airflow, the providers MWAA installs). */
  preinstalled: ReadonlySet<string>;
  /** `--pre` was given. */
  pre: boolean;
}

export interface FindLinksProblem {
  requirement: LocatedRequirement;
  message: string;
}

/** Dependency chains deeper than this are not followed (pip has no limit; real chains are short). */
const MAX_DEPTH = 16;

export function checkFindLinks(input: FindLinksInput): FindLinksProblem[] {
  const problems: FindLinksProblem[] = [];
  for (const r of input.requirements) {
    const name = r.req.canonical;
    if (r.req.url !== null || !name || input.preinstalled.has(name)) continue;
    const message = resolve(input, r, r.req, null, new Set(), 0);
    if (message) problems.push({ requirement: r, message });
  }
  return problems;
}

/** Null when pip would install `req` with its dependencies; else pip's message. */
function resolve(
  input: FindLinksInput,
  top: LocatedRequirement,
  req: RequirementSpec,
  from: FindLinksFile | null,
  seen: Set<string>,
  depth: number,
): string | null {
  const name = req.canonical!;
  const files = input.folders
    .flatMap((f) => filesFor(f, name))
    .filter((f) => isValidVersion(f.version) && isCompatibleWheel(f, input.target));
  const versions = [...new Set(files.map((f) => f.version))].sort(comparePep440);
  const allowed = allowedVersions(versions, req.specifiers, input.pre);
  const constraints = (input.pins.get(name) ?? []).flatMap((p) => p.specs);
  // pip reports a name the constraints mention as a conflict, never as "not found" (Factory.get_installation_error).
  if (allowed.length === 0 && constraints.length === 0) return notFound(req, from?.canonical ?? null, versions);
  const chosen = allowed.filter((v) => versionSatisfies(v, constraints)).at(-1);
  if (chosen === undefined) return conflict(top, req, from, { key: name, specs: unique(constraints) });
  if (seen.has(name) || depth >= MAX_DEPTH) return null;
  seen.add(name);
  const file = files.find((f) => f.version === chosen && f.requires !== null);
  return file ? resolveDependencies(input, top, file, seen, depth) : null;
}

/**
 * pip's ResolutionImpossible report on one line. A requirement of the file is named as written; a dependency's
 * conflict names the file line that brought it (`-r FILE (line N)`) and the wheel that depends on it.
 */
function conflict(
  top: LocatedRequirement,
  req: RequirementSpec,
  from: FindLinksFile | null,
  constraint: { key: string; specs: VersionSpec[] },
): string {
  if (from === null) return pipConflictLine({ requested: [req], constraints: [constraint] });
  const causes = [
    `${from.canonical} ${from.version} depends on ${formatRequirement(req)}`,
    `The user requested (constraint) ${constraint.key}${formatSpecifiers(constraint.specs)}`,
  ];
  return `Cannot install -r ${top.file} (line ${top.line}) because these package versions have conflicting dependencies: ${causes.join(' / ')} (ResolutionImpossible)`;
}

function resolveDependencies(
  input: FindLinksInput,
  top: LocatedRequirement,
  file: FindLinksFile,
  seen: Set<string>,
  depth: number,
): string | null {
  const env = mwaaMarkerEnvironment(input.target.python);
  for (const line of file.requires ?? []) {
    const parsed = parseRequirementText(line, line);
    if (!parsed.ok || !parsed.req.canonical) continue;
    const dep = parsed.req;
    if (dep.marker !== null && !evaluateMarker(dep.marker, env)) continue;
    const name = dep.canonical!;
    if (input.preinstalled.has(name)) continue;
    const inFolders = input.folders.some((f) => filesFor(f, name).length > 0);
    if (!inFolders) {
      // Already in the environment, or pip finds nothing: only complete constraints can tell.
      if (!input.constraintsComplete || input.pins.has(name)) continue;
      return notFound(dep, file.canonical, []);
    }
    const message = resolve(input, top, dep, file, seen, depth + 1);
    if (message) return message;
  }
  return null;
}

/**
 * `SpecifierSet.filter` as pip calls it: pre-releases only with `--pre`, when a specifier names one, or when
 * nothing else matches.
 */
function allowedVersions(versions: string[], specs: readonly VersionSpec[], pre: boolean): string[] {
  const range = formatSpecifiers(specs);
  if (range === '') {
    const finals = versions.filter((v) => pre || !pep440.explain(v)?.is_prerelease);
    return finals.length > 0 ? finals : versions;
  }
  try {
    return pep440.filter(versions, range, pre ? { prereleases: true } : undefined).sort(comparePep440);
  } catch {
    return versions.filter((v) => versionSatisfies(v, specs));
  }
}

/** pip's two lines, joined: the resolver's "Could not find a version …" and "No matching distribution …". */
function notFound(req: RequirementSpec, from: string | null, versions: readonly string[]): string {
  const text = formatRequirement(req);
  const parent = from ? ` (from ${from})` : '';
  const listed = versions.length ? versions.join(', ') : 'none';
  return `Could not find a version that satisfies the requirement ${text}${parent} (from versions: ${listed}); No matching distribution found for ${text}`;
}

function unique(specs: VersionSpec[]): VersionSpec[] {
  return [...new Map(specs.map((s) => [`${s.operator}${s.version}`, s])).values()];
}
