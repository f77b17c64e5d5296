/** SQL function (registered on each connection) that rewrites a `…Z` date in the stored form. */
export const STORED_DATE = 'mwaa_stored_date';

/**
 * Schema of the run store, versioned with SQLite's user_version. Table names follow Airflow's metadata DB
 * (dag, dag_run, task_instance, xcom); the connections module keeps its own tables in the same file.
 */
export const RUN_STORE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS dag (
     dag_id TEXT PRIMARY KEY,
     is_paused INTEGER NOT NULL,
     fileloc TEXT NOT NULL,
     is_active INTEGER NOT NULL DEFAULT 1,
     has_import_errors INTEGER NOT NULL DEFAULT 0,
     last_parsed_time TEXT,
     last_automated_data_interval_end TEXT
   );
   CREATE TABLE IF NOT EXISTS dag_run (
     dag_id TEXT NOT NULL,
     run_id TEXT NOT NULL,
     run_type TEXT NOT NULL,
     state TEXT NOT NULL,
     logical_date TEXT NOT NULL,
     data_interval_start TEXT,
     data_interval_end TEXT,
     conf TEXT NOT NULL DEFAULT '{}',
     external_trigger INTEGER NOT NULL,
     queued_at TEXT,
     start_date TEXT,
     end_date TEXT,
     last_scheduling_decision TEXT,
     note TEXT,
     PRIMARY KEY (dag_id, run_id),
     UNIQUE (dag_id, logical_date)
   );
   CREATE INDEX IF NOT EXISTS dag_run_state ON dag_run (state);
   CREATE TABLE IF NOT EXISTS task_instance (
     dag_id TEXT NOT NULL,
     run_id TEXT NOT NULL,
     task_id TEXT NOT NULL,
     map_index INTEGER NOT NULL DEFAULT -1,
     state TEXT,
     try_number INTEGER NOT NULL DEFAULT 0,
     max_tries INTEGER NOT NULL DEFAULT 0,
     operator TEXT NOT NULL,
     start_date TEXT,
     end_date TEXT,
     duration REAL,
     queued_when TEXT,
     next_retry_at TEXT,
     hostname TEXT NOT NULL DEFAULT '',
     unixname TEXT NOT NULL DEFAULT '',
     pid INTEGER,
     PRIMARY KEY (dag_id, run_id, task_id, map_index),
     FOREIGN KEY (dag_id, run_id) REFERENCES dag_run (dag_id, run_id) ON DELETE CASCADE
   );
   CREATE INDEX IF NOT EXISTS task_instance_state ON task_instance (state);
   CREATE TABLE IF NOT EXISTS xcom (
     dag_id TEXT NOT NULL,
     run_id TEXT NOT NULL,
     task_id TEXT NOT NULL,
     map_index INTEGER NOT NULL DEFAULT -1,
     key TEXT NOT NULL,
     value TEXT NOT NULL,
     timestamp TEXT NOT NULL,
     PRIMARY KEY (dag_id, run_id, task_id, map_index, key)
   );`,
  // 2: `fileloc` held the path relative to the DAG folder: say so. Dates written as `…Z` by earlier releases
  // take the one stored form (runs/stored-date.ts) through the connection's STORED_DATE function.
  `ALTER TABLE dag RENAME COLUMN fileloc TO relative_fileloc;
   UPDATE dag SET last_parsed_time = ${STORED_DATE}(last_parsed_time),
     last_automated_data_interval_end = ${STORED_DATE}(last_automated_data_interval_end);
   UPDATE dag_run SET logical_date = ${STORED_DATE}(logical_date),
     data_interval_start = ${STORED_DATE}(data_interval_start), data_interval_end = ${STORED_DATE}(data_interval_end),
     queued_at = ${STORED_DATE}(queued_at), start_date = ${STORED_DATE}(start_date), end_date = ${STORED_DATE}(end_date),
     last_scheduling_decision = ${STORED_DATE}(last_scheduling_decision);
   UPDATE task_instance SET start_date = ${STORED_DATE}(start_date), end_date = ${STORED_DATE}(end_date),
     queued_when = ${STORED_DATE}(queued_when), next_retry_at = ${STORED_DATE}(next_retry_at);
   UPDATE xcom SET timestamp = ${STORED_DATE}(timestamp);`,
  // 3: who triggered a run through the API, and a task instance's note (Airflow's columns of the same names).
  `ALTER TABLE dag_run ADD COLUMN triggering_user_name TEXT;
   ALTER TABLE task_instance ADD COLUMN note TEXT;`,
  // 4: Airflow 3's runs: logical_date may be NULL (a table rebuild: SQLite cannot drop NOT NULL; migrate() runs
  // with foreign keys off, so the task instances stay), run_after (Airflow's own migration value for old rows);
  // asset events, the per-DAG queue of assets with new events, and the events each run consumed.
  `CREATE TABLE dag_run_4 (
     dag_id TEXT NOT NULL,
     run_id TEXT NOT NULL,
     run_type TEXT NOT NULL,
     state TEXT NOT NULL,
     logical_date TEXT,
     data_interval_start TEXT,
     data_interval_end TEXT,
     conf TEXT NOT NULL DEFAULT '{}',
     external_trigger INTEGER NOT NULL,
     queued_at TEXT,
     start_date TEXT,
     end_date TEXT,
     last_scheduling_decision TEXT,
     note TEXT,
     triggering_user_name TEXT,
     run_after TEXT NOT NULL,
     PRIMARY KEY (dag_id, run_id),
     UNIQUE (dag_id, logical_date)
   );
   INSERT INTO dag_run_4 (dag_id, run_id, run_type, state, logical_date, data_interval_start, data_interval_end, conf,
     external_trigger, queued_at, start_date, end_date, last_scheduling_decision, note, triggering_user_name, run_after)
   SELECT dag_id, run_id, run_type, state, logical_date, data_interval_start, data_interval_end, conf,
     external_trigger, queued_at, start_date, end_date, last_scheduling_decision, note, triggering_user_name,
     COALESCE(data_interval_end, logical_date)
   FROM dag_run;
   DROP TABLE dag_run;
   ALTER TABLE dag_run_4 RENAME TO dag_run;
   CREATE INDEX IF NOT EXISTS dag_run_state ON dag_run (state);
   CREATE TABLE asset_event (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     name TEXT NOT NULL,
     uri TEXT NOT NULL,
     asset_group TEXT NOT NULL,
     extra TEXT NOT NULL DEFAULT '{}',
     source_dag_id TEXT,
     source_task_id TEXT,
     source_run_id TEXT,
     source_map_index INTEGER,
     timestamp TEXT NOT NULL
   );
   CREATE INDEX asset_event_asset ON asset_event (name, uri);
   CREATE TABLE asset_dag_run_queue (
     target_dag_id TEXT NOT NULL,
     name TEXT NOT NULL,
     uri TEXT NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (target_dag_id, name, uri)
   );
   CREATE TABLE dag_run_asset_event (
     dag_id TEXT NOT NULL,
     run_id TEXT NOT NULL,
     event_id INTEGER NOT NULL REFERENCES asset_event (id),
     PRIMARY KEY (dag_id, run_id, event_id),
     FOREIGN KEY (dag_id, run_id) REFERENCES dag_run (dag_id, run_id) ON DELETE CASCADE
   );`,
  // 5: deferred task instances (Airflow's next_method, next_kwargs, trigger_timeout; the trigger as JSON where
  // Airflow keeps a trigger row), so a restarted agent resumes their triggers.
  `ALTER TABLE task_instance ADD COLUMN trigger TEXT;
   ALTER TABLE task_instance ADD COLUMN trigger_timeout TEXT;
   ALTER TABLE task_instance ADD COLUMN next_method TEXT;
   ALTER TABLE task_instance ADD COLUMN next_kwargs TEXT;`,
];
