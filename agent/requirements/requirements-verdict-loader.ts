import { readFileSync } from 'node:fs';
import type { RequirementsVerdict } from './requirements-verdict.js';

export interface LoadVerdictOptions {
  requirementsFile: string;
  dagsDir: string;
  stateDir: string;
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_AIRFLOW = '2.10.3';
const DEFAULT_PYTHON = '3.11';
const SSH_PINS: Record<string, string> = { '2.2.2': '2.3.0', '2.10.3': '3.14.0' };

/**
 * Reads the environment's requirements.txt and decides what it means (synchronous, offline).
 * First cut (issue 2's rule); the full validator replaces the body, keeping this signature.
 */
export function loadRequirementsVerdict(opts: LoadVerdictOptions): RequirementsVerdict {
  let text = '';
  try {
    text = readFileSync(opts.requirementsFile, 'utf8');
  } catch {
    text = '';
  }
  let airflowVersion = DEFAULT_AIRFLOW;
  let pythonVersion = DEFAULT_PYTHON;
  let constraints: RequirementsVerdict['constraints'] = { source: 'default', resolved: null };
  let ssh = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, '').trim();
    const m = /(?:^|\s)(?:-c|--constraint)[\s=]+(\S+)/.exec(line);
    if (m) {
      constraints = { source: /^https?:/.test(m[1]!) ? 'url' : 'path', resolved: m[1]! };
      const v = /constraints-([0-9.]+)\/constraints-([0-9.]+)\.txt/.exec(m[1]!);
      if (v) [airflowVersion, pythonVersion] = [v[1]!, v[2]!];
      continue;
    }
    const name = /^([A-Za-z0-9._-]+)(\[[^\]]*\])?/.exec(line);
    if (!name) continue;
    const norm = name[1]!.toLowerCase().replace(/[._]/g, '-');
    if (norm === 'apache-airflow-providers-ssh') ssh = true;
    if (norm === 'apache-airflow' && name[2] && /\bssh\b/.test(name[2])) ssh = true;
  }
  const providers = ['apache-airflow-providers-amazon', 'apache-airflow-providers-http', ...(ssh ? ['apache-airflow-providers-ssh'] : [])].sort();
  const connectionTypes = ['aws', 'http', ...(ssh ? ['ssh'] : [])].sort();
  return {
    ok: true,
    airflowVersion,
    pythonVersion,
    constraints,
    providers,
    connectionTypes,
    runnableConnectionTypes: ssh ? ['ssh'] : [],
    sshProviderVersion: ssh ? (SSH_PINS[airflowVersion] ?? null) : null,
    diagnostics: [],
  };
}
