import type { PostgresMigration } from './migration.ts'

/** People (decisions 0161, 0162): SQLite's migration 008 on PostgreSQL, times as timestamptz. */
export const migration004People: PostgresMigration = {
  version: 4,
  name: 'people',
  sql: `
    CREATE TABLE people (
      id text PRIMARY KEY,
      email text NOT NULL UNIQUE,
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin', 'archivist', 'producer', 'staff', 'viewer')),
      password_hash text NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE TABLE people_sessions (
      id_hash text PRIMARY KEY,
      person_id text NOT NULL REFERENCES people (id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('session', 'key')),
      label text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz
    );
    CREATE INDEX people_sessions_person ON people_sessions (person_id);
    CREATE TABLE access_grants (
      recording_id text NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
      person_id text NOT NULL REFERENCES people (id) ON DELETE CASCADE,
      expires_at timestamptz NOT NULL,
      granted_by text NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (recording_id, person_id)
    );
    CREATE INDEX access_grants_person ON access_grants (person_id, expires_at);
    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL,
      actor text NOT NULL,
      action text NOT NULL,
      recording_id text,
      subject text,
      details jsonb NOT NULL
    );
    CREATE INDEX audit_log_at ON audit_log (at);
    CREATE INDEX audit_log_recording ON audit_log (recording_id, at);
  `,
}
