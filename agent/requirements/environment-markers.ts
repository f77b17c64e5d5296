import type { EnvironmentMarker } from 'pip-requirements-js';
import { comparePep440 } from '../python/version-order.js';
import { isValidVersion } from './pep440-specifier.js';

/** PEP 508 marker values of an MWAA worker (Amazon Linux on x86_64, CPython). */
export function mwaaMarkerEnvironment(pythonVersion: string): Record<string, string> {
  return {
    python_version: pythonVersion,
    python_full_version: `${pythonVersion}.0`,
    os_name: 'posix',
    sys_platform: 'linux',
    platform_release: '',
    platform_system: 'Linux',
    platform_version: '',
    platform_machine: 'x86_64',
    platform_python_implementation: 'CPython',
    implementation_name: 'cpython',
    implementation_version: `${pythonVersion}.0`,
    extra: '',
  };
}

const VERSION_VARS = new Set(['python_version', 'python_full_version', 'implementation_version']);

/** Evaluates a marker tree as packaging does (version comparison when both sides are versions). */
export function evaluateMarker(marker: EnvironmentMarker, env: Record<string, string>): boolean {
  if ('left' in marker && typeof marker.left !== 'string') {
    const node = marker as { operator: 'and' | 'or'; left: EnvironmentMarker; right: EnvironmentMarker };
    return node.operator === 'and'
      ? evaluateMarker(node.left, env) && evaluateMarker(node.right, env)
      : evaluateMarker(node.left, env) || evaluateMarker(node.right, env);
  }
  const leaf = marker as { left: string; operator: string; right: string };
  const versionish = VERSION_VARS.has(leaf.left) || VERSION_VARS.has(leaf.right);
  const left = value(leaf.left, env);
  const right = value(leaf.right, env);
  const op = leaf.operator.replace(/\s+/g, ' ');
  if (op === 'in') return right.includes(left);
  if (op === 'not in') return !right.includes(left);
  if (versionish && isValidVersion(left) && isValidVersion(right)) {
    const c = comparePep440(left, right);
    switch (op) {
      case '==':
        return c === 0;
      case '!=':
        return c !== 0;
      case '<':
        return c < 0;
      case '<=':
        return c <= 0;
      case '>':
        return c > 0;
      case '>=':
        return c >= 0;
      case '~=':
        return c >= 0 && comparePep440(left, bumpCompatible(right)) < 0;
      default:
        return false;
    }
  }
  switch (op) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    default:
      return false;
  }
}

function value(token: string, env: Record<string, string>): string {
  if (token.startsWith('"') || token.startsWith("'")) return token.slice(1, -1);
  return env[token] ?? '';
}

/** `~=2.2.1` means `>=2.2.1, <2.3`. */
function bumpCompatible(v: string): string {
  const parts = v.split('.').map((p) => parseInt(p, 10));
  if (parts.length < 2 || parts.some(Number.isNaN)) return v;
  parts.pop();
  parts[parts.length - 1]! += 1;
  return parts.join('.');
}
