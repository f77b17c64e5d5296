/** Airflow's Connection model (airflow/models/connection.py). `extra` is a JSON string, as in Airflow. */
export interface Connection {
  connId: string;
  connType: string | null;
  description: string | null;
  host: string | null;
  schema: string | null;
  login: string | null;
  password: string | null;
  port: number | null;
  extra: string | null;
}

/** Where a resolved connection came from, in Airflow's lookup order (secrets backend, environment, store). */
export type ConnectionSource = 'secrets-backend' | 'env' | 'store';

export interface ResolvedConnection {
  connection: Connection;
  source: ConnectionSource;
}
