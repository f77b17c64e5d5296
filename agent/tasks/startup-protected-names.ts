import type { ConfigOptionFacts } from '../airflow/airflow-facts.js';
import { envNameOfOption } from '../airflow/airflow-options.js';

/**
 * What a startup script may not change: MWAA's protected variables, the variables of the options its image
 * sets itself (its essential configuration wins over the script), and the agent's own secrets.
 */
export function startupScriptProtectedNames(facts: ConfigOptionFacts): string[] {
  return [...facts.mwaaProtectedVariables, ...facts.mwaaEssential.map(envNameOfOption), 'MWAA_AGENT_*'];
}
