/**
 * The command's first words that MWAA's allow-list for the environment's Airflow (`api.mwaaCliCommands` in
 * the version table) matches, or null when MWAA refuses it. (mwaa-agent's own CLI implements a subset of the
 * list; an allowed command it lacks answers its usage error in stderr.)
 */
export function allowedCommand(argv: readonly string[], allowed: readonly string[]): string | null {
  const two = argv.slice(0, 2).join(' ');
  if (allowed.includes(two)) return two;
  const one = argv[0] ?? '';
  return allowed.includes(one) ? one : null;
}
