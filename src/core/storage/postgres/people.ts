import type { AuditEntry, Person, Role } from '../../../shared/contract/index.ts'
import type {
  NewAuditEntry,
  PeopleStore,
  StoredGrant,
  StoredPerson,
  StoredSession,
} from '../ports.ts'
import {
  auditFromRow,
  grantFromRow,
  personFromRow,
  type AuditRow,
  type GrantRow,
  type PersonRow,
} from '../rows-people.ts'
import type { Queryable } from './db.ts'

/** The people port on PostgreSQL: sqlite/people.ts's SQL, the same rows (decision 0161). */
export class PostgresPeople implements PeopleStore {
  private readonly q: Queryable
  constructor(q: Queryable) {
    this.q = q
  }

  async add(person: StoredPerson): Promise<void> {
    await this.q.run(
      'INSERT INTO people (id, email, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [person.id, person.email, person.name, person.role, person.passwordHash, person.createdAt],
    )
  }

  async list(): Promise<Person[]> {
    const rows = await this.q.rows<PersonRow>('SELECT * FROM people ORDER BY email')
    return rows.map((row) => {
      const { email, name, role, createdAt } = personFromRow(row)
      return { email, name, role, createdAt }
    })
  }

  async count(): Promise<number> {
    const row = await this.q.row<{ n: number }>('SELECT count(*) AS n FROM people')
    return row?.n ?? 0
  }

  async byEmail(email: string): Promise<StoredPerson | undefined> {
    const row = await this.q.row<PersonRow>('SELECT * FROM people WHERE email = $1', [email])
    return row && personFromRow(row)
  }

  async byId(id: string): Promise<StoredPerson | undefined> {
    const row = await this.q.row<PersonRow>('SELECT * FROM people WHERE id = $1', [id])
    return row && personFromRow(row)
  }

  async setRole(id: string, role: Role): Promise<void> {
    await this.q.run('UPDATE people SET role = $1 WHERE id = $2', [role, id])
  }

  async remove(id: string): Promise<boolean> {
    return (await this.q.run('DELETE FROM people WHERE id = $1', [id])) > 0
  }

  async addSession(session: StoredSession): Promise<void> {
    await this.q.run(
      'INSERT INTO people_sessions (id_hash, person_id, kind, label, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [
        session.idHash,
        session.personId,
        session.kind,
        session.label,
        session.createdAt,
        session.expiresAt,
      ],
    )
  }

  async sessionPerson(idHash: string, at: string): Promise<StoredPerson | undefined> {
    const row = await this.q.row<PersonRow>(
      `SELECT p.* FROM people_sessions s JOIN people p ON p.id = s.person_id
       WHERE s.id_hash = $1 AND (s.expires_at IS NULL OR s.expires_at > $2)`,
      [idHash, at],
    )
    return row && personFromRow(row)
  }

  async removeSession(idHash: string): Promise<boolean> {
    return (await this.q.run('DELETE FROM people_sessions WHERE id_hash = $1', [idHash])) > 0
  }

  async putGrant(grant: StoredGrant): Promise<void> {
    await this.q.run(
      `INSERT INTO access_grants (recording_id, person_id, expires_at, granted_by, created_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (recording_id, person_id) DO UPDATE SET expires_at = excluded.expires_at,
         granted_by = excluded.granted_by, created_at = excluded.created_at`,
      [grant.recordingId, grant.personId, grant.expiresAt, grant.grantedBy, grant.createdAt],
    )
  }

  async removeGrant(recordingId: string, personId: string): Promise<boolean> {
    const removed = await this.q.run(
      'DELETE FROM access_grants WHERE recording_id = $1 AND person_id = $2',
      [recordingId, personId],
    )
    return removed > 0
  }

  async grants(recordingId?: string): Promise<Array<StoredGrant & { email: string }>> {
    const rows = await this.q.rows<GrantRow>(
      `SELECT g.*, p.email FROM access_grants g JOIN people p ON p.id = g.person_id
       WHERE $1::text IS NULL OR g.recording_id = $1 ORDER BY g.recording_id, p.email`,
      [recordingId ?? null],
    )
    return rows.map(grantFromRow)
  }

  async grantedRecordings(personId: string, at: string): Promise<string[]> {
    const rows = await this.q.rows<{ recording_id: string }>(
      'SELECT recording_id FROM access_grants WHERE person_id = $1 AND expires_at > $2',
      [personId, at],
    )
    return rows.map((row) => row.recording_id)
  }

  async audit(entry: NewAuditEntry, at: string): Promise<void> {
    await this.q.run(
      'INSERT INTO audit_log (at, actor, action, recording_id, subject, details) VALUES ($1, $2, $3, $4, $5, $6)',
      [
        at,
        entry.actor,
        entry.action,
        entry.recordingId ?? null,
        entry.subject ?? null,
        JSON.stringify(entry.details ?? {}),
      ],
    )
  }

  async auditLog(filter: {
    since?: string
    recordingId?: string
    limit?: number
  }): Promise<AuditEntry[]> {
    const rows = await this.q.rows<AuditRow>(
      `SELECT * FROM audit_log WHERE ($1::timestamptz IS NULL OR at >= $1)
         AND ($2::text IS NULL OR recording_id = $2)
       ORDER BY id DESC LIMIT $3`,
      [filter.since ?? null, filter.recordingId ?? null, filter.limit ?? 1000],
    )
    return rows.map(auditFromRow)
  }
}
