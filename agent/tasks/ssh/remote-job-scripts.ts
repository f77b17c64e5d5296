import { randomInt } from 'node:crypto';
import type { RemoteJobFacts } from '../../airflow/ssh-provider-facts.js';

/**
 * The remote commands of the SSH provider's `utils/remote_job.py` (POSIX hosts), per its versions: the detached
 * wrapper, the completion check, the log size and tail, the kill and the cleanup. Ported from 4.3.1, 6.0.1 and
 * 7.0.1's source; 5.0.4's '5.0.4' scripts were not read (no such wheel here) and are built as 6.0's.
 */

export const POSIX_DEFAULT_BASE_DIR = '/tmp/airflow-ssh-jobs';

/** Python's shlex.quote. */
export function shlexQuote(s: string): string {
  if (s === '') return "''";
  if (/^[\w@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replaceAll("'", `'"'"'`)}'`;
}

/** The `'…'` quoting of 4.3.x (no escaping of quotes inside the path). */
const single = (s: string): string => `'${s}'`;

/** `generate_job_id`: `af_<dag>_<task>_<run>_try<n>_<8 random [a-z0-9]>`, each part sanitized to 50 characters. */
export function generateJobId(dagId: string, taskId: string, runId: string, tryNumber: number): string {
  const sanitize = (v: string): string => v.replace(/[^a-zA-Z0-9]/g, '_').slice(0, 50);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let suffix = '';
  for (let i = 0; i < 8; i++) suffix += alphabet[randomInt(alphabet.length)];
  return `af_${sanitize(dagId)}_${sanitize(taskId)}_${sanitize(runId)}_try${tryNumber}_${suffix}`;
}

/** RemoteJobPaths (POSIX). */
export interface RemoteJobPaths {
  jobId: string;
  jobDir: string;
  logFile: string;
  exitCodeFile: string;
  exitCodeTmpFile: string;
  pidFile: string;
  statusFile: string;
}

export function remoteJobPaths(jobId: string, baseDir: string | null): RemoteJobPaths {
  const jobDir = `${baseDir ?? POSIX_DEFAULT_BASE_DIR}/${jobId}`;
  return {
    jobId,
    jobDir,
    logFile: `${jobDir}/stdout.log`,
    exitCodeFile: `${jobDir}/exit_code`,
    exitCodeTmpFile: `${jobDir}/exit_code.tmp`,
    pidFile: `${jobDir}/pid`,
    statusFile: `${jobDir}/status`,
  };
}

/** `_validate_env_var_name`'s ValueError text, or null for a valid name. */
export function invalidEnvVarName(name: string): string | null {
  if (!name) return 'Environment variable name cannot be empty';
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name))
    return `Invalid environment variable name '${name}'. Only alphanumeric characters and underscores are allowed, and the name must start with a letter or underscore.`;
  return null;
}

const escapeForSingle = (s: string): string => s.replaceAll("'", `'"'"'`);

/** `build_posix_wrapper_command` of the version's scripts. */
export function posixWrapperCommand(
  scripts: RemoteJobFacts['scripts'],
  command: string,
  p: RemoteJobPaths,
  environment: Record<string, string> | null,
): string {
  for (const key of Object.keys(environment ?? {})) {
    const error = invalidEnvVarName(key);
    if (error) throw new Error(error);
  }
  const env = Object.entries(environment ?? {});
  if (scripts === '4.3') {
    const exports = env.map(([k, v]) => `export ${k}='${escapeForSingle(v)}'\n`).join('');
    return `set -euo pipefail
job_dir='${p.jobDir}'
log_file='${p.logFile}'
exit_code_file='${p.exitCodeFile}'
exit_code_tmp='${p.exitCodeTmpFile}'
pid_file='${p.pidFile}'
status_file='${p.statusFile}'

mkdir -p "$job_dir"
: > "$log_file"

nohup bash -c '
set +e
export LOG_FILE="'"$log_file"'"
export STATUS_FILE="'"$status_file"'"
${exports}${escapeForSingle(command)} >>"'"$log_file"'" 2>&1
ec=$?
echo -n "$ec" > "'"$exit_code_tmp"'"
mv "'"$exit_code_tmp"'" "'"$exit_code_file"'"
exit 0
' >/dev/null 2>&1 &

echo -n $! > "$pid_file"
echo "${p.jobId}"
`;
  }
  const body =
    scripts === '7.0'
      ? escapeForSingle(env.map(([k, v]) => `export ${k}=${shlexQuote(v)}\n`).join('') + command)
      : env.map(([k, v]) => `export ${k}='${escapeForSingle(v)}'\n`).join('') + escapeForSingle(command);
  return `set -euo pipefail
job_dir=${shlexQuote(p.jobDir)}
log_file=${shlexQuote(p.logFile)}
exit_code_file=${shlexQuote(p.exitCodeFile)}
exit_code_tmp=${shlexQuote(p.exitCodeTmpFile)}
pid_file=${shlexQuote(p.pidFile)}
status_file=${shlexQuote(p.statusFile)}

mkdir -p "$job_dir"
: > "$log_file"

job_script='
set +e
echo -n "$$" > "'"$pid_file"'"
export LOG_FILE="'"$log_file"'"
export STATUS_FILE="'"$status_file"'"
${body} >>"'"$log_file"'" 2>&1
ec=$?
echo -n "$ec" > "'"$exit_code_tmp"'"
mv "'"$exit_code_tmp"'" "'"$exit_code_file"'"
exit 0
'

# Redirect stdin from /dev/null too, not just stdout/stderr: a fresh setsid session
# leader that keeps the launching terminal on any fd re-acquires it as its controlling
# terminal, so a hangup (SSH session with a PTY dropping) would SIGHUP the detached job
# and defeat the whole point of running it in its own session.
if command -v setsid >/dev/null 2>&1; then
  setsid bash -c "$job_script" </dev/null >/dev/null 2>&1 &
else
  nohup bash -c "$job_script" </dev/null >/dev/null 2>&1 &
fi
echo ${shlexQuote(p.jobId)}
`;
}

const quoteFor = (scripts: RemoteJobFacts['scripts']) => (scripts === '4.3' ? single : shlexQuote);

export function posixCompletionCheck(scripts: RemoteJobFacts['scripts'], exitCodeFile: string): string {
  const q = quoteFor(scripts)(exitCodeFile);
  return `test -s ${q} && cat ${q} || true`;
}

export function posixFileSize(scripts: RemoteJobFacts['scripts'], file: string): string {
  const q = quoteFor(scripts)(file);
  return `stat -c%s ${q} 2>/dev/null || stat -f%z ${q} 2>/dev/null || echo 0`;
}

export function posixLogTail(scripts: RemoteJobFacts['scripts'], file: string, offset: number, max: number): string {
  return `tail -c +${offset + 1} ${quoteFor(scripts)(file)} 2>/dev/null | head -c ${max} || true`;
}

export function posixKill(scripts: RemoteJobFacts['scripts'], pidFile: string): string {
  if (scripts === '4.3') return `test -f '${pidFile}' && kill $(cat '${pidFile}') 2>/dev/null || true`;
  const q = shlexQuote(pidFile);
  return (
    `if test -f ${q}; then p="$(cat ${q})"; if [ "$p" -gt 1 ] 2>/dev/null; then ` +
    `kill -TERM -"$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || true; fi; fi`
  );
}

/**
 * `build_posix_cleanup_command`: refuses a job_dir outside the base directory with the provider's ValueError
 * text (4.3.x knows only the default base directory; later versions the operator's remote_base_dir).
 */
export function posixCleanup(scripts: RemoteJobFacts['scripts'], jobDir: string, baseDir: string | null): string {
  const base = scripts === '4.3' ? POSIX_DEFAULT_BASE_DIR : (baseDir ?? POSIX_DEFAULT_BASE_DIR);
  if (!jobDir.startsWith(`${base}/`))
    throw new Error(`Invalid job directory '${jobDir}'. Expected path under '${base}' for safety.`);
  return scripts === '4.3' ? `rm -rf '${jobDir}'` : `rm -rf ${shlexQuote(jobDir)}`;
}

export const POSIX_OS_DETECTION = 'uname -s 2>/dev/null || echo UNKNOWN';
export const POSIX_SYSTEMS = ['linux', 'darwin', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix', 'hp-ux'];
