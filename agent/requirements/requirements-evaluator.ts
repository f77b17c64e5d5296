import type { VersionSpec } from './pep440-specifier.js';
import type { RequirementsDiagnostic, RequirementsVerdict } from './requirements-verdict.js';
import type { ConstraintReference, LocatedRequirement, WalkResult } from './requirements-file-walker.js';
import type { ConstraintsContent } from './constraints-content.js';
import { mwaaSeesConstraints, pythonFromFileName, versionsFromConstraintsLocation } from './constraints-reference.js';
import type { PackagingFacts } from '../airflow/airflow-facts.js';
import { airflowFacts, firstAirflowVersionWhere } from '../airflow/facts-lookup.js';
import {
  DEFAULT_AIRFLOW_VERSION,
  DEFAULT_PYTHON_VERSION,
  ESSENTIAL_PACKAGES,
  defaultConstraintsUrl,
  findMwaaVersion,
  offeredPairs,
} from '../airflow/mwaa-versions.js';
import { evaluateMarker, mwaaMarkerEnvironment } from './environment-markers.js';
import { pinnedVersion, versionSatisfies } from './pep440-specifier.js';
import {
  MWAA_FORCING_CONSTRAINTS,
  MWAA_MISSING_CONSTRAINTS_WARNING,
  MWAA_PIP_FAILED,
  cannotConstrainUrlMessage,
  noMatchingDistributionMessage,
  pipConflictLine,
} from './pip-messages.js';
import { installedSet, type ConstraintPin } from './installed-set.js';
import { misspeltNameDiagnostics } from './misspelt-distribution.js';
import { checkFindLinks } from './find-links-check.js';
import type { FindLinksFolder } from './find-links-index.js';

/**
 * The pure decision: what MWAA would make of a walked requirements file. No I/O: constraints content
 * comes from `constraintsFor` (cache or shipped table), chosen by the caller.
 */
export interface EvaluateOptions {
  /** The environment `${VAR}`s were expanded from: their values are masked in every message. */
  env: Readonly<Record<string, string | undefined>>;
  /**
   * The environment's Airflow version when it is set (`--airflow-version`, one of MWAA's): it wins over the
   * constraints' version, and constraints of another version fail the install as they do on MWAA.
   */
  airflowVersion?: string | null;
  /** Content of a constraints URL, or null when it is not known offline. */
  constraintsFor(url: string, airflow: string): { content: ConstraintsContent; origin: 'cache' | 'table' } | null;
  /**
   * The distribution files of a `--find-links` location written in `includingFile`, or null when it cannot
   * be listed offline (a URL, a path outside the environment's folders).
   */
  findLinks?(location: string, includingFile: string): FindLinksFolder | null;
}

interface Profile {
  airflow: string;
  python: string;
  from: RequirementsVerdict['airflowVersionFrom'];
  /** The version table's facts of `airflow`. */
  packaging: PackagingFacts;
  constraints: RequirementsVerdict['constraints'];
  /** The default constraints MWAA adds (`-c $AIRFLOW_CONSTRAINTS_FILE`), or null. */
  forced: string | null;
}

export function evaluateRequirements(file: string, walk: WalkResult, opts: EvaluateOptions): RequirementsVerdict {
  const diagnostics: RequirementsDiagnostic[] = [...walk.diagnostics];
  const profile = chooseProfile(file, walk, opts, diagnostics);
  const { pins, complete } = collectConstraintPins(walk, profile, opts, diagnostics, file);
  const markerEnv = mwaaMarkerEnvironment(profile.python);
  const active = walk.requirements.filter(
    (r) => !r.constraint && (r.req.marker === null || evaluateMarker(r.req.marker, markerEnv)),
  );
  checkAgainstConstraints(active, pins, profile, diagnostics);
  checkDuplicates(active, diagnostics);
  checkIndexes(active, walk, profile, { pins, complete }, opts, diagnostics);
  diagnostics.push(...misspeltNameDiagnostics(active, new Set(pins.keys())));
  const ok = !diagnostics.some((d) => d.severity === 'error');
  const installed = installedSet({
    airflow: profile.airflow,
    packaging: profile.packaging,
    requirements: ok ? active : [],
    pins,
  });
  return {
    ok,
    airflowVersion: profile.airflow,
    airflowVersionFrom: profile.from,
    pythonVersion: profile.python,
    constraints: profile.constraints,
    providers: installed.providers,
    connectionTypes: installed.connectionTypes,
    runnableConnectionTypes: installed.runnableConnectionTypes,
    sshProviderVersion: installed.sshProviderVersion,
    diagnostics: sortDiagnostics(diagnostics, file).map((d) => ({
      ...d,
      message: scrub(d.message, walk.expandedVars, opts.env),
    })),
    installedDistributions: installed.distributions,
  };
}

function chooseProfile(file: string, walk: WalkResult, opts: EvaluateOptions, out: RequirementsDiagnostic[]): Profile {
  const refs = walk.constraintRefs;
  let versions: { airflow: string; python: string } | null = null;
  let versionRef: ConstraintReference | null = null;
  for (const ref of refs) {
    const v = versionsFromConstraintsLocation(ref.location) ?? versionsFromLocalContent(ref, walk);
    if (!v) continue;
    if (versions && (v.airflow !== versions.airflow || v.python !== versions.python)) {
      out.push(
        diag(
          ref.file,
          ref.line,
          'error',
          `constraints name Airflow ${v.airflow}/Python ${v.python}, but ${versionRef!.shown} names ${versions.airflow}/${versions.python}; an environment has one version`,
        ),
      );
      continue;
    }
    versions ??= v;
    versionRef ??= ref;
  }
  const setting = opts.airflowVersion ?? null;
  if (setting && versions && versionRef && versions.airflow !== setting) {
    out.push(
      diag(
        versionRef.file,
        versionRef.line,
        'error',
        `constraints ${versionRef.shown} are Airflow ${versions.airflow}'s, but the environment runs Airflow ${setting} (--airflow-version): pip cannot install requirements constrained for another Airflow. ${MWAA_PIP_FAILED}`,
      ),
    );
    versions = null;
  }
  const from: Profile['from'] = setting ? 'setting' : versions ? 'constraints' : 'default';
  const airflow = setting ?? versions?.airflow ?? DEFAULT_AIRFLOW_VERSION;
  const python = versions?.python ?? findMwaaVersion(airflow)?.python ?? DEFAULT_PYTHON_VERSION;
  const { packaging } = airflowFacts(airflow);
  if (versions && versionRef && !findMwaaVersion(airflow, python)) {
    out.push(
      diag(
        versionRef.file,
        versionRef.line,
        'error',
        `MWAA does not offer Airflow ${airflow} with Python ${python}; it offers (Airflow/Python): ${offeredPairs()}`,
      ),
    );
  }
  const first = refs[0];
  const fromRefs: RequirementsVerdict['constraints'] | null = first
    ? { source: first.localPath ? 'path' : 'url', resolved: first.shown }
    : null;
  const url = defaultConstraintsUrl(airflow, python);
  if (!walk.topExists)
    return { airflow, python, from, packaging, constraints: { source: 'default', resolved: url }, forced: null };
  if (walk.topUnreadable) {
    out.push(
      diag(
        file,
        1,
        'warning',
        `Cannot determine whether the requirements.txt file has constraints or not; forcing local constraints: ${url}`,
      ),
    );
    return { airflow, python, from, packaging, constraints: { source: 'default', resolved: url }, forced: url };
  }
  // MWAA's regex reads only the top file: a -c inside an -r file does not stop it forcing its own.
  if (mwaaSeesConstraints(walk.topText)) {
    if (fromRefs) return { airflow, python, from, packaging, constraints: fromRefs, forced: null };
    out.push(
      diag(
        file,
        lineOfMwaaMatch(walk.topText),
        'warning',
        'this commented-out constraint line makes MWAA skip its default constraints (an opt-out): pip installs the latest versions, unconstrained',
      ),
    );
    return { airflow, python, from, packaging, constraints: { source: 'none', resolved: null }, forced: null };
  }
  if (packaging.mwaaForcesConstraints) {
    out.push(
      diag(
        file,
        1,
        'warning',
        `${MWAA_MISSING_CONSTRAINTS_WARNING.replace(/^WARNING: /, '')}. ${MWAA_FORCING_CONSTRAINTS}: ${url}`,
      ),
    );
    return {
      airflow,
      python,
      from,
      packaging,
      constraints: fromRefs ?? { source: 'default', resolved: url },
      forced: url,
    };
  }
  return {
    airflow,
    python,
    from,
    packaging,
    constraints: fromRefs ?? { source: 'none', resolved: null },
    forced: null,
  };
}

function versionsFromLocalContent(
  ref: ConstraintReference,
  walk: WalkResult,
): { airflow: string; python: string } | null {
  if (!ref.localPath) return null;
  const airflowPin = walk.requirements.find(
    (r) => r.constraint && r.file === ref.localPath && r.req.canonical === 'apache-airflow',
  );
  const airflow = airflowPin ? pinnedVersion(airflowPin.req.specifiers) : null;
  const python = pythonFromFileName(ref.location);
  if (!airflow && !python) return null;
  const a = airflow ?? DEFAULT_AIRFLOW_VERSION;
  return { airflow: a, python: python ?? findMwaaVersion(a)?.python ?? DEFAULT_PYTHON_VERSION };
}

function lineOfMwaaMatch(text: string): number {
  const idx = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/).findIndex((l) => /-c |--constraint /.test(l));
  return idx + 1;
}

/** The first MWAA image that protects its essential packages, for the message that names it. */
const ESSENTIAL_SINCE = firstAirflowVersionWhere((f) => f.packaging.mwaaEnforcesEssentialPackages);
function collectConstraintPins(
  walk: WalkResult,
  profile: Profile,
  opts: EvaluateOptions,
  out: RequirementsDiagnostic[],
  file: string,
): { pins: Map<string, ConstraintPin[]>; complete: boolean } {
  const pins = new Map<string, ConstraintPin[]>();
  // Local constraints files are read whole; a URL's content is whole only when fetched (cached).
  let complete = walk.constraintRefs.length > 0 || profile.forced !== null;
  const add = (name: string, specs: VersionSpec[], essential: boolean) => {
    const list = pins.get(name) ?? [];
    list.push({ specs, essential });
    pins.set(name, list);
  };
  for (const r of walk.requirements) {
    if (r.constraint && r.req.canonical && r.req.specifiers.length > 0) add(r.req.canonical, r.req.specifiers, false);
  }
  const urls = walk.constraintRefs
    .filter((r) => !r.localPath)
    .map((r) => ({ url: r.location, file: r.file, line: r.line as number | null, shown: r.shown }));
  if (profile.forced) urls.push({ url: profile.forced, file, line: null, shown: profile.forced });
  let known: ConstraintsContent | null = null;
  for (const u of urls) {
    const hit = opts.constraintsFor(u.url, profile.airflow);
    if (hit?.origin !== 'cache') complete = false;
    if (!hit) {
      out.push(
        diag(
          u.file,
          u.line ?? 1,
          'warning',
          `constraints ${u.shown} are not cached and mwaa-agent ships no pins for them: versions are not checked against them (run \`mwaa-agent requirements check --fetch\` with network access)`,
        ),
      );
      continue;
    }
    known ??= hit.content;
    for (const [name, version] of hit.content.pins) add(name, [{ operator: '==', version }], false);
  }
  if (profile.packaging.mwaaEnforcesEssentialPackages) {
    add('apache-airflow', [{ operator: '==', version: profile.airflow }], true);
    const fallback =
      known ??
      opts.constraintsFor(defaultConstraintsUrl(profile.airflow, profile.python), profile.airflow)?.content ??
      null;
    for (const name of ESSENTIAL_PACKAGES) {
      const v = fallback?.pins.get(name);
      if (name !== 'apache-airflow' && v) add(name, [{ operator: '==', version: v }], true);
    }
  }
  return { pins, complete };
}

function checkAgainstConstraints(
  active: LocatedRequirement[],
  pins: Map<string, ConstraintPin[]>,
  profile: Profile,
  out: RequirementsDiagnostic[],
): void {
  for (const r of active) {
    const name = r.req.canonical;
    if (!name) continue;
    const constraintList = pins.get(name);
    if (
      name === 'apache-airflow' &&
      !profile.packaging.mwaaEnforcesEssentialPackages &&
      r.req.specifiers.length > 0 &&
      !versionSatisfies(profile.airflow, r.req.specifiers)
    ) {
      out.push(
        diag(
          r.file,
          r.line,
          'warning',
          `${r.shown.split(' ')[0]} would replace the environment's Airflow ${profile.airflow}: MWAA before ${ESSENTIAL_SINCE} does not protect it, and the environment breaks`,
        ),
      );
    }
    if (!constraintList) continue;
    if (r.req.url !== null) {
      out.push(diag(r.file, r.line, 'error', cannotConstrainUrlMessage(r.req.name ?? name)));
      continue;
    }
    if (r.req.specifiers.length === 0) continue;
    const conflicting = constraintList.filter((c) => {
      const pin = pinnedVersion(c.specs);
      return pin !== null && !versionSatisfies(pin, r.req.specifiers);
    });
    if (conflicting.length === 0) continue;
    const merged = constraintList.flatMap((c) => c.specs);
    const unique = [...new Map(merged.map((s) => [`${s.operator}${s.version}`, s])).values()];
    let message = pipConflictLine({ requested: [r.req], constraints: [{ key: name, specs: unique }] });
    if (conflicting.some((c) => c.essential))
      message += `. MWAA enforces a list of critical packages, e.g. Airflow, Celery, among others, whose version cannot be overridden (${name}==${pinnedVersion(conflicting.find((c) => c.essential)!.specs)})`;
    out.push(diag(r.file, r.line, 'error', message));
  }
}

/** Two requirement lines that pin the same distribution to different versions cannot both be installed. */
function checkDuplicates(active: LocatedRequirement[], out: RequirementsDiagnostic[]): void {
  const byName = new Map<string, LocatedRequirement>();
  for (const r of active) {
    const name = r.req.canonical;
    if (!name) continue;
    const first = byName.get(name);
    if (!first) {
      byName.set(name, r);
      continue;
    }
    const a = pinnedVersion(first.req.specifiers);
    const b = pinnedVersion(r.req.specifiers);
    if (
      (a !== null && !versionSatisfies(a, r.req.specifiers)) ||
      (b !== null && !versionSatisfies(b, first.req.specifiers))
    ) {
      out.push(diag(r.file, r.line, 'error', pipConflictLine({ requested: [first.req, r.req], constraints: [] })));
    }
  }
}

function checkIndexes(
  active: LocatedRequirement[],
  walk: WalkResult,
  profile: Profile,
  constraints: { pins: Map<string, ConstraintPin[]>; complete: boolean },
  opts: EvaluateOptions,
  out: RequirementsDiagnostic[],
): void {
  if (!walk.options.noIndex) return;
  const preinstalled = installedSet({
    airflow: profile.airflow,
    packaging: profile.packaging,
    requirements: [],
    pins: new Map(),
  }).distributions;
  if (walk.options.findLinks.length === 0) {
    for (const r of active) {
      if (r.req.url !== null || !r.req.canonical || preinstalled.includes(r.req.canonical)) continue;
      out.push(diag(r.file, r.line, 'error', noMatchingDistributionMessage(r.req)));
    }
    return;
  }
  const folders: FindLinksFolder[] = [];
  for (const link of walk.options.findLinks) {
    const folder = opts.findLinks?.(link.value, link.file) ?? null;
    if (!folder) {
      out.push(
        diag(
          link.file,
          link.line,
          'warning',
          `--find-links ${link.value} cannot be listed offline (only folders under /usr/local/airflow/plugins, /usr/local/airflow/dags or next to requirements.txt can): requirements are not checked against it`,
        ),
      );
      return;
    }
    folders.push(folder);
  }
  const problems = checkFindLinks({
    requirements: active,
    folders,
    target: { python: profile.python, glibc: profile.packaging.mwaaGlibc, arch: 'x86_64' },
    pins: constraints.pins,
    constraintsComplete: constraints.complete,
    preinstalled: new Set(preinstalled),
    pre: walk.options.pre,
  });
  for (const p of problems) out.push(diag(p.requirement.file, p.requirement.line, 'error', p.message));
}

/** Replaces expanded values with their `${NAME}` (values shorter than 3 characters would mangle text). */
function scrub(message: string, names: Set<string>, env: Readonly<Record<string, string | undefined>>): string {
  let out = message;
  for (const name of names) {
    const value = env[name];
    if (value && value.length >= 3) out = out.split(value).join(`\${${name}}`);
  }
  return out;
}

function diag(
  file: string,
  line: number | null,
  severity: 'error' | 'warning',
  message: string,
): RequirementsDiagnostic {
  return { file, line, severity, message };
}

/** The top file first, then included files in first-seen order; by line within a file. */
function sortDiagnostics(list: RequirementsDiagnostic[], top: string): RequirementsDiagnostic[] {
  const order = new Map<string, number>([[top, 0]]);
  for (const d of list) if (!order.has(d.file)) order.set(d.file, order.size);
  return list
    .map((d, i) => ({ d, i }))
    .sort(
      (x, y) =>
        order.get(x.d.file)! - order.get(y.d.file)! || (x.d.line ?? Infinity) - (y.d.line ?? Infinity) || x.i - y.i,
    )
    .map((x) => x.d);
}
