import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../src/core/library/migrations/index.ts'
import { RecordingRepository, type NewRecording } from '../../src/core/library/recordings.ts'

function setup() {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  migrate(db)
  let tick = 0
  const now = () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++))
  return { db, repo: new RecordingRepository(db, now) }
}

const sample = (id: string, sha256 = `sha-${id}`): NewRecording => ({
  id,
  title: 'Entrevista — María José 🎙',
  path: `/home/ana/Grabaciones/Entrevista "María" ${id}.mp3`,
  storedPath: null,
  sha256,
  sizeBytes: 1234,
  duration: 11.05,
  format: 'mp3',
  hasVideo: false,
  width: null,
  height: null,
  audioCodec: 'mp3',
  videoCodec: null,
  sampleRate: 44100,
  channels: 2,
  workingAudio: `media/${id}/audio.wav`,
  peaks: `media/${id}/peaks.json`,
  poster: null,
})

describe('RecordingRepository', () => {
  it('stores a recording with default metadata and reads it back', () => {
    const { repo } = setup()
    const stored = repo.insert(sample('a1'))
    expect(stored).toMatchObject({
      id: 'a1',
      title: 'Entrevista — María José 🎙',
      path: '/home/ana/Grabaciones/Entrevista "María" a1.mp3',
      duration: 11.05,
      hasVideo: false,
      hasPoster: false,
      consentStatus: 'unknown',
      languages: 'en',
      interviewees: [],
      tags: [],
    })
    expect(repo.list().map((r) => r.id)).toEqual(['a1'])
  })

  it('refuses a second copy of the same file by its hash', () => {
    const { repo } = setup()
    repo.insert(sample('a1', 'same'))
    expect(() => repo.insert(sample('a2', 'same'))).toThrow(/UNIQUE/)
    expect(repo.bySha256('same')?.id).toBe('a1')
  })

  it('saves only the fields given, tags included, and bumps updatedAt', () => {
    const { repo } = setup()
    const before = repo.insert(sample('a1'))
    const after = repo.update('a1', {
      interviewees: ['Rosa Martínez', 'Juan Pérez'],
      consentStatus: 'restricted',
      consentNote: 'Solo audio, sin nombre',
      tags: ['huelga', 'SEIU 2015', 'huelga'],
      interviewDate: '2026-03-08',
    })
    expect(after).toMatchObject({
      title: before.title,
      interviewees: ['Rosa Martínez', 'Juan Pérez'],
      consentStatus: 'restricted',
      consentNote: 'Solo audio, sin nombre',
      tags: ['SEIU 2015', 'huelga'],
      interviewDate: '2026-03-08',
    })
    expect(after.updatedAt > before.updatedAt).toBe(true)
    expect(repo.update('a1', { notes: 'x' }).tags).toEqual(['SEIU 2015', 'huelga'])
  })

  it('changes nothing when an update breaks a rule', () => {
    const { repo } = setup()
    repo.insert(sample('a1'))
    expect(() => repo.update('a1', { title: 'New', consentStatus: 'maybe' as never })).toThrow(
      /CHECK/,
    )
    expect(repo.require('a1').title).toBe('Entrevista — María José 🎙')
  })

  it('says which recording is missing', () => {
    const { repo } = setup()
    expect(() => repo.require('nope')).toThrow(/no recording nope/)
  })
})
