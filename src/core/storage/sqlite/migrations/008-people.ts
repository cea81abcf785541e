import type { Migration } from './migration.ts'

/**
 * People (decisions 0161, 0162): accounts with a role and a password hash, server-side sessions
 * and API keys kept as the SHA-256 of their secret, per-recording access grants with an end, and
 * the audit log. The log keeps the actor's email and the recording's id as text, without foreign
 * keys, so it outlives both.
 */
export const migration008People: Migration = {
  version: 8,
  name: 'people',
  up(db) {
    db.exec(`
      CREATE TABLE people (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'archivist', 'producer', 'staff', 'viewer')),
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE people_sessions (
        id_hash TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('session', 'key')),
        label TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT
      );
      CREATE INDEX people_sessions_person ON people_sessions (person_id);
      CREATE TABLE access_grants (
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        expires_at TEXT NOT NULL,
        granted_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (recording_id, person_id)
      );
      CREATE INDEX access_grants_person ON access_grants (person_id, expires_at);
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        recording_id TEXT,
        subject TEXT,
        details TEXT NOT NULL
      );
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE INDEX audit_log_recording ON audit_log (recording_id, at);
    `)
  },
}
