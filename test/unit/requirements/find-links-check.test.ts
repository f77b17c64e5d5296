import { describe, expect, it } from 'vitest';
import { checkFindLinks, type FindLinksInput } from '../../../agent/requirements/find-links-check.js';
import type { FindLinksFolder } from '../../../agent/requirements/find-links-index.js';
import { parseWheelFileName } from '../../../agent/requirements/wheel-filename.js';
import { parseRequirementText } from '../../../agent/requirements/pep508-requirement.js';
import type { LocatedRequirement } from '../../../agent/requirements/requirements-file-walker.js';

/** A folder of wheels; `requires` gives a wheel's Requires-Dist. */
function folder(files: Record<string, string[] | null>): FindLinksFolder {
  return {
    dir: '/plugins',
    files: Object.keys(files),
    wheels: Object.entries(files).flatMap(([name, requires]) => {
      const w = parseWheelFileName(name);
      return w ? [{ ...w, requires }] : [];
    }),
  };
}

function req(text: string): LocatedRequirement {
  const parsed = parseRequirementText(text, text);
  if (!parsed.ok) throw new Error(parsed.message);
  return { file: '/r.txt', line: 1, shown: text, req: parsed.req, editable: false, constraint: false };
}

const WHEELS = folder({
  'alpha-1.0-py3-none-any.whl': [],
  'alpha-2.0-py3-none-any.whl': [],
  'beta-0.5-py3-none-any.whl': ['alpha>=2'],
  'gamma-1.0-py3-none-any.whl': ['missingdep>=1'],
  'delta-1.0-cp39-cp39-manylinux2014_x86_64.whl': [],
  'eps-1.0rc1-py3-none-any.whl': [],
  'zed-1.0-py3-none-any.whl': ['alpha>=9; python_version < "3"', 'apache-airflow>=2'],
});

function check(text: string, over: Partial<FindLinksInput> = {}): string[] {
  return checkFindLinks({
    requirements: [req(text)],
    folders: [WHEELS],
    target: { python: '3.11', glibc: '2.34', arch: 'x86_64' },
    pins: new Map(),
    constraintsComplete: true,
    preinstalled: new Set(['apache-airflow']),
    pre: false,
    ...over,
  }).map((p) => p.message);
}

describe('pip install --no-index --find-links on the wheels of the plugins folder', () => {
  it.each([
    ['alpha', []],
    ['alpha>=2', []],
    ['beta', []],
    ['eps', []],
    ['zed', []],
    ['apache-airflow==2.10.3', []],
    [
      'alpha==1.5',
      [
        'Could not find a version that satisfies the requirement alpha==1.5 (from versions: 1.0, 2.0); No matching distribution found for alpha==1.5',
      ],
    ],
    [
      'gamma',
      [
        'Could not find a version that satisfies the requirement missingdep>=1 (from gamma) (from versions: none); No matching distribution found for missingdep>=1',
      ],
    ],
    [
      'delta',
      [
        'Could not find a version that satisfies the requirement delta (from versions: none); No matching distribution found for delta',
      ],
    ],
    [
      'zeta',
      [
        'Could not find a version that satisfies the requirement zeta (from versions: none); No matching distribution found for zeta',
      ],
    ],
  ])('%s → %j', (text, messages) => {
    expect(check(text)).toEqual(messages);
  });

  it("reports a constraint no wheel meets with pip's ResolutionImpossible report", () => {
    const pins = new Map([['alpha', [{ specs: [{ operator: '==', version: '1.5' }], essential: false }]]]);
    expect(check('alpha', { pins })).toEqual([
      'Cannot install alpha because these package versions have conflicting dependencies: The user requested alpha / The user requested (constraint) alpha==1.5 (ResolutionImpossible)',
    ]);
  });

  it('reports a constrained name no version of the requirement meets as a conflict, not as not found', () => {
    const pins = new Map([['alpha', [{ specs: [{ operator: '<', version: '2' }], essential: false }]]]);
    expect(check('alpha>1', { pins })).toEqual([
      'Cannot install alpha>1 because these package versions have conflicting dependencies: The user requested alpha>1 / The user requested (constraint) alpha<2 (ResolutionImpossible)',
    ]);
  });

  it("names the file line and the wheel when a dependency conflicts with a constraint, as pip's report does", () => {
    const pins = new Map([['alpha', [{ specs: [{ operator: '<', version: '2' }], essential: false }]]]);
    expect(check('beta', { pins })).toEqual([
      'Cannot install -r /r.txt (line 1) because these package versions have conflicting dependencies: beta 0.5 depends on alpha>=2 / The user requested (constraint) alpha<2 (ResolutionImpossible)',
    ]);
  });

  it('does not judge a dependency the constraints may install when they are not known whole', () => {
    expect(check('gamma', { constraintsComplete: false })).toEqual([]);
    const pins = new Map([['missingdep', [{ specs: [{ operator: '==', version: '1.2' }], essential: false }]]]);
    expect(check('gamma', { pins })).toEqual([]);
  });
});
