/** The agent's own secrets, which no task may read from its environment. */
const AGENT_SECRETS = new Set(['MWAA_AGENT_API_PASSWORD', 'MWAA_AGENT_FERNET_KEY', 'AIRFLOW__CORE__FERNET_KEY']);

/**
 * The environment tasks see (Airflow passes the worker's os.environ): the agent's own secrets — the API
 * password and the Fernet keys — are left out, so a DAG from the bucket cannot print them.
 */
export function taskEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !AGENT_SECRETS.has(k)));
}
