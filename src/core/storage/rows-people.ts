import type { AuditEntry, Role } from '../../shared/contract/index.ts'
import type { StoredGrant, StoredPerson } from './ports.ts'

/*
 * The people tables' rows as both backends hand them over (decision 0161): one mapper per table,
 * as rows.ts does for the others, so SQLite and PostgreSQL cannot drift apart in what they return.
 */

export interface PersonRow {
  id: string
  email: string
  name: string
  role: string
  password_hash: string
  created_at: string
}

export function personFromRow(row: PersonRow): StoredPerson {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
  }
}

export interface GrantRow {
  recording_id: string
  person_id: string
  expires_at: string
  granted_by: string
  created_at: string
  email: string
}

export function grantFromRow(row: GrantRow): StoredGrant & { email: string } {
  return {
    recordingId: row.recording_id,
    personId: row.person_id,
    expiresAt: row.expires_at,
    grantedBy: row.granted_by,
    createdAt: row.created_at,
    email: row.email,
  }
}

export interface AuditRow {
  id: number
  at: string
  actor: string
  action: string
  recording_id: string | null
  subject: string | null
  details: string | Record<string, string | number>
}

export function auditFromRow(row: AuditRow): AuditEntry {
  return {
    id: Number(row.id),
    at: row.at,
    actor: row.actor,
    action: row.action,
    recordingId: row.recording_id,
    subject: row.subject,
    details:
      typeof row.details === 'string'
        ? (JSON.parse(row.details) as Record<string, string | number>)
        : row.details,
  }
}
