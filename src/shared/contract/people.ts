import { z } from 'zod'
import { method } from './define.ts'

/**
 * People in the shared archive (docs/decisions/0161-roles-in-the-core.md): who is signed in, the
 * accounts an admin keeps, the access grants an archivist gives to restricted recordings, and the
 * audit log. Signing in and out are `POST` and `DELETE /api/session` on the HTTP transport, since
 * they set the cookie; everything else is a call like any other, checked by the core.
 */
export const roles = ['admin', 'archivist', 'producer', 'staff', 'viewer'] as const
export const roleSchema = z.enum(roles)
export type Role = z.infer<typeof roleSchema>

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, { error: 'an email address' })

export const personSchema = z.object({
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  createdAt: z.string(),
})
export type Person = z.infer<typeof personSchema>

/** Who makes the calls: a signed-in person, or the embedded library's one implicit admin. */
export const whoamiSchema = z.object({
  email: z.string().nullable(),
  name: z.string(),
  role: roleSchema,
  /** The single-user library (the app, a loopback `serve` without accounts): no sign-in. */
  implicit: z.boolean(),
  /**
   * The calls this caller may make, from the core's own role table (decision 0170): the screens
   * leave out what is not here rather than keep a second copy of the rule.
   */
  methods: z.array(z.string()),
})
export type Whoami = z.infer<typeof whoamiSchema>

/** A grant's end: a day (the grant ends after it, UTC) or an exact ISO instant. */
export const grantUntilSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })])

export const grantSchema = z.object({
  recordingId: z.string(),
  email: z.string(),
  /** When it stops working, ISO with `Z`. */
  expiresAt: z.string(),
  grantedBy: z.string(),
  createdAt: z.string(),
  active: z.boolean(),
})
export type Grant = z.infer<typeof grantSchema>

export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  /** The email of who did it; `owner` for the embedded library's implicit admin. */
  actor: z.string(),
  action: z.string(),
  recordingId: z.string().nullable(),
  /** Whom or what the action was about besides a recording (an email), else null. */
  subject: z.string().nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number()])),
})
export type AuditEntry = z.infer<typeof auditEntrySchema>

export const peopleMethods = {
  'people.whoami': method(z.object({}), whoamiSchema),
  'people.list': method(z.object({}), z.array(personSchema)),
  'people.add': method(
    z.object({
      email: emailSchema,
      name: z.string().trim().max(200).optional(),
      role: roleSchema,
      password: z.string().min(12).max(1024),
    }),
    personSchema,
  ),
  'people.setRole': method(z.object({ email: emailSchema, role: roleSchema }), personSchema),
  'people.remove': method(z.object({ email: emailSchema }), z.object({ removed: z.boolean() })),
  /** An API key for a script or a worker, shown once; it acts as the person it belongs to. */
  'people.createKey': method(
    z.object({ email: emailSchema, label: z.string().trim().min(1).max(200) }),
    z.object({ key: z.string() }),
  ),
  'grants.list': method(
    z.object({ recordingId: z.string().min(1).optional() }),
    z.array(grantSchema),
  ),
  'grants.add': method(
    z.object({ recordingId: z.string().min(1), email: emailSchema, until: grantUntilSchema }),
    grantSchema,
  ),
  'grants.remove': method(
    z.object({ recordingId: z.string().min(1), email: emailSchema }),
    z.object({ removed: z.boolean() }),
  ),
  'audit.list': method(
    z.object({
      since: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
      recordingId: z.string().min(1).optional(),
      limit: z.number().int().min(1).max(10_000).optional(),
    }),
    z.array(auditEntrySchema),
  ),
}
