import type { Person, Role } from '../../../shared/contract/index.ts'
import type { NewAuditEntry, StoredGrant, StoredPerson, StoredSession } from '../ports.ts'
import {
  auditFromRow,
  grantFromRow,
  personFromRow,
  type AuditRow,
  type GrantRow,
  type PersonRow,
} from '../rows-people.ts'
import type { StatementCache } from './statements.ts'

/** The people port's SQL on SQLite (decision 0161); sqlite/storage.ts makes it async. */
export class SqlitePeople {
  private readonly sql: StatementCache
  constructor(sql: StatementCache) {
    this.sql = sql
  }

  add(person: StoredPerson): void {
    this.sql
      .get(
        'INSERT INTO people (id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(person.id, person.email, person.name, person.role, person.passwordHash, person.createdAt)
  }

  list(): Person[] {
    const rows = this.sql.get('SELECT * FROM people ORDER BY email').all() as PersonRow[]
    return rows.map((row) => {
      const { email, name, role, createdAt } = personFromRow(row)
      return { email, name, role, createdAt }
    })
  }

  count(): number {
    return (this.sql.get('SELECT count(*) AS n FROM people').get() as { n: number }).n
  }

  byEmail(email: string): StoredPerson | undefined {
    const row = this.sql.get('SELECT * FROM people WHERE email = ?').get(email) as
      PersonRow | undefined
    return row && personFromRow(row)
  }

  byId(id: string): StoredPerson | undefined {
    const row = this.sql.get('SELECT * FROM people WHERE id = ?').get(id) as PersonRow | undefined
    return row && personFromRow(row)
  }

  setRole(id: string, role: Role): void {
    this.sql.get('UPDATE people SET role = ? WHERE id = ?').run(role, id)
  }

  remove(id: string): boolean {
    return this.sql.get('DELETE FROM people WHERE id = ?').run(id).changes > 0
  }

  addSession(session: StoredSession): void {
    this.sql
      .get(
        'INSERT INTO people_sessions (id_hash, person_id, kind, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        session.idHash,
        session.personId,
        session.kind,
        session.label,
        session.createdAt,
        session.expiresAt,
      )
  }

  sessionPerson(idHash: string, at: string): StoredPerson | undefined {
    const row = this.sql
      .get(
        `SELECT p.* FROM people_sessions s JOIN people p ON p.id = s.person_id
         WHERE s.id_hash = ? AND (s.expires_at IS NULL OR s.expires_at > ?)`,
      )
      .get(idHash, at) as PersonRow | undefined
    return row && personFromRow(row)
  }

  removeSession(idHash: string): boolean {
    return this.sql.get('DELETE FROM people_sessions WHERE id_hash = ?').run(idHash).changes > 0
  }

  putGrant(grant: StoredGrant): void {
    this.sql
      .get(
        `INSERT INTO access_grants (recording_id, person_id, expires_at, granted_by, created_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (recording_id, person_id) DO UPDATE SET expires_at = excluded.expires_at,
           granted_by = excluded.granted_by, created_at = excluded.created_at`,
      )
      .run(grant.recordingId, grant.personId, grant.expiresAt, grant.grantedBy, grant.createdAt)
  }

  removeGrant(recordingId: string, personId: string): boolean {
    return (
      this.sql
        .get('DELETE FROM access_grants WHERE recording_id = ? AND person_id = ?')
        .run(recordingId, personId).changes > 0
    )
  }

  grants(recordingId?: string): Array<StoredGrant & { email: string }> {
    const rows = (
      recordingId === undefined
        ? this.sql
            .get(
              `SELECT g.*, p.email FROM access_grants g JOIN people p ON p.id = g.person_id
               ORDER BY g.recording_id, p.email`,
            )
            .all()
        : this.sql
            .get(
              `SELECT g.*, p.email FROM access_grants g JOIN people p ON p.id = g.person_id
               WHERE g.recording_id = ? ORDER BY p.email`,
            )
            .all(recordingId)
    ) as GrantRow[]
    return rows.map(grantFromRow)
  }

  grantedRecordings(personId: string, at: string): string[] {
    const rows = this.sql
      .get('SELECT recording_id FROM access_grants WHERE person_id = ? AND expires_at > ?')
      .all(personId, at) as Array<{ recording_id: string }>
    return rows.map((row) => row.recording_id)
  }

  audit(entry: NewAuditEntry, at: string): void {
    this.sql
      .get(
        'INSERT INTO audit_log (at, actor, action, recording_id, subject, details) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        at,
        entry.actor,
        entry.action,
        entry.recordingId ?? null,
        entry.subject ?? null,
        JSON.stringify(entry.details ?? {}),
      )
  }

  auditLog(filter: { since?: string; recordingId?: string; limit?: number }) {
    const rows = this.sql
      .get(
        `SELECT * FROM audit_log WHERE at >= ? AND (? IS NULL OR recording_id = ?)
         ORDER BY id DESC LIMIT ?`,
      )
      .all(
        filter.since ?? '',
        filter.recordingId ?? null,
        filter.recordingId ?? null,
        filter.limit ?? 1000,
      ) as AuditRow[]
    return rows.map(auditFromRow)
  }
}
