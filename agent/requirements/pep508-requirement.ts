import { createRequire } from 'node:module';
import type { EnvironmentMarker } from 'pip-requirements-js';
import type { VersionSpec } from './pep440-specifier.js';
import { parseRequirementFast } from './pep508-fast-parser.js';
import { isValidSpecifier } from './pep440-specifier.js';

/** One requirement of a requirements file, whatever form it was written in. */
export interface RequirementSpec {
  /** Distribution name as written, or null when only a URL/path was given and no name can be read from it. */
  name: string | null;
  /** PEP 503 normalised name (`Foo_Bar.baz` → `foo-bar-baz`). */
  canonical: string | null;
  extras: string[];
  specifiers: VersionSpec[];
  marker: EnvironmentMarker | null;
  /** `name @ url`, a bare URL/path, or an `-e` target. */
  url: string | null;
}

export type RequirementParse = { ok: true; req: RequirementSpec } | { ok: false; message: string };

/**
 * pip-requirements-js, required on first use: building its Ohm grammar costs ~20–40 ms at load, which every
 * `requirements check` would pay although the fast parser reads the usual lines alone.
 */
let library: typeof import('pip-requirements-js') | null = null;
function pipRequirementsJs(): typeof import('pip-requirements-js') {
  library ??= createRequire(import.meta.url)('pip-requirements-js') as typeof import('pip-requirements-js');
  return library;
}

/** Longer lines are not handed to the Ohm parser (its memo table grows with the line); pip has no limit. */
const MAX_LIBRARY_LINE = 4096;

export function canonicalizeName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/**
 * Parses the requirement part of a line (what pip's `break_args_options` leaves before the options).
 * `shown` is the same text before `${VAR}` expansion, used in messages.
 */
export function parseRequirementText(text: string, shown: string): RequirementParse {
  const fast = parseRequirementFast(text);
  if (fast) return finish(fast.name, fast.extras, fast.versionSpec, fast.environmentMarkerTree, null, shown);
  if (looksLikeDirectReference(text)) return { ok: true, req: directReference(text) };
  if (text.length > MAX_LIBRARY_LINE)
    return invalid(
      shown,
      `line is ${text.length} characters long; mwaa-agent checks requirements up to ${MAX_LIBRARY_LINE}`,
    );
  // pip-requirements-js treats "#..." as a comment even without whitespace before it; pip does not.
  if (text.includes('#') && !text.includes('@')) return invalid(shown);
  let parsed;
  try {
    parsed = pipRequirementsJs().parsePipRequirementsLine(text);
  } catch (e) {
    return invalid(shown, libraryReason(e));
  }
  if (!parsed) return invalid(shown);
  if (parsed.type === 'ProjectName')
    return finish(parsed.name, parsed.extras, parsed.versionSpec, parsed.environmentMarkerTree, null, shown);
  if (parsed.type === 'ProjectURL')
    return finish(parsed.name, parsed.extras, undefined, parsed.environmentMarkerTree, parsed.url, shown);
  // "-r x" / "-c x" never reach here: options were split off before.
  return invalid(shown);
}

function finish(
  name: string,
  extras: string[] | undefined,
  specs: VersionSpec[] | undefined,
  marker: EnvironmentMarker | undefined,
  url: string | null,
  shown: string,
): RequirementParse {
  for (const spec of specs ?? []) {
    if (!isValidSpecifier(spec.operator, spec.version))
      return invalid(shown, `invalid version specifier '${spec.operator}${spec.version}'`);
  }
  return {
    ok: true,
    req: {
      name,
      canonical: canonicalizeName(name),
      extras: extras ?? [],
      specifiers: specs ?? [],
      marker: marker ?? null,
      url,
    },
  };
}

/** pip's text, with its hint for `name=1.0`. */
function invalid(shown: string, reason?: string): RequirementParse {
  let message = `Invalid requirement: '${shown}'`;
  if (reason) message += `: ${reason}`;
  if (shown.includes('=') && !/(===|~=|==|!=|<=|>=|<|>)/.test(shown))
    message += ' (Hint: = is not a valid operator. Did you mean == ?)';
  else if (shown.includes('/')) message += ' (Hint: It looks like a path. File does not exist.)';
  return { ok: false, message };
}

function libraryReason(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  // "Failed to parse requirements line. Line 1, col 8: expected ..." → "col 8: expected ..."
  const m = /Line \d+, (col \d+: .*)$/s.exec(text);
  return (m?.[1] ?? text).split('\n')[0]!;
}

const ARCHIVE_RE = /\.(whl|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar|zip)$/i;
const VCS_RE = /^(git|hg|svn|bzr)\+/i;

/** pip accepts a bare URL or path as a requirement ("./pkg", "https://…/x.whl", "git+https://…#egg=x"). */
export function looksLikeDirectReference(text: string): boolean {
  if (/\s@\s|^[A-Za-z0-9][-\w.]*\s*(\[[^\]]*\])?\s*@/.test(text)) return false; // "name @ url" is PEP 508
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ||
    VCS_RE.test(text) ||
    /^(\.{1,2}\/|\/|~)/.test(text) ||
    ARCHIVE_RE.test(text.split('#')[0]!)
  );
}

/** Reads the distribution name from `#egg=name` or a wheel/sdist file name; null when neither exists. */
export function directReference(text: string): RequirementSpec {
  const egg = /[#&]egg=([A-Za-z0-9][-\w.]*)/.exec(text)?.[1];
  const file = text.split('#')[0]!.split('?')[0]!.split('/').pop() ?? '';
  const wheel = /^([A-Za-z0-9][A-Za-z0-9_.]*)-([^-]+)-.*\.whl$/i.exec(file);
  const sdist = /^([A-Za-z0-9][A-Za-z0-9_.-]*?)-(\d[^-]*)\.(tar\.gz|tgz|zip|tar\.bz2|tar\.xz)$/i.exec(file);
  const name = egg ?? wheel?.[1] ?? sdist?.[1] ?? null;
  const version = wheel?.[2] ?? sdist?.[2];
  return {
    name,
    canonical: name ? canonicalizeName(name) : null,
    extras: [],
    specifiers: version && !egg ? [{ operator: '==', version }] : [],
    marker: null,
    url: text,
  };
}
