/*
 * Every column of text in the library's schema, listed once (decision 0122): masked by an owner,
 * kept on purpose (with why), or holding no words. Both backends' coverage tests read these
 * lists: tests/storage/masking-coverage.test.ts (SQLite) and postgres-redaction.test.ts.
 */

/** Columns each owner's masking (sqlite/masking.ts, postgres/masking.ts) rewrites. */
export const masked: Record<string, readonly string[]> = {
  transcripts: ['segments.text', 'words.text', 'speakers.name', 'speakers.affiliation'],
  subtitles: ['subtitle_texts.text', 'subtitle_cues.speaker'],
  episodes: [
    'episodes.notes',
    'episodes.description_en',
    'episodes.description_es',
    'episode_chapters.title_en',
    'episode_chapters.title_es',
  ],
  jobs: ['jobs.checkpoint', 'jobs.result'],
}

/** Text a person typed that redaction leaves as it is, and why. */
export const keptOnPurpose: Record<string, string> = {
  'recordings.title': 'the catalogue record, edited in the recording’s form',
  'recordings.interviewees': 'the catalogue record: who consented to be recorded',
  'recordings.interviewer': 'the catalogue record',
  'recordings.place': 'the catalogue record',
  'recordings.notes': 'the catalogue record',
  'recordings.consent_note': 'the terms the recording was given under',
  'recordings.original_path': 'the file the person chose; the original is not the library’s',
  'recording_tags.tag': 'the archive’s topics',
  'speakers.label': 'the transcript’s own key for a voice (Whisper’s SPEAKER_00, or a file’s)',
  'people.email': 'an account of the archive’s staff, not what was said (decision 0161)',
  'people.name': 'an account of the archive’s staff, not what was said (decision 0161)',
  'people_sessions.label': 'the name an admin gave an API key',
  'access_grants.granted_by': 'the archivist who granted access',
  'audit_log.actor': 'the audit: who acted, only added to',
  'audit_log.subject': 'the audit: the account, recording or export a change was about',
  'audit_log.details':
    'the audit: what changed (roles, consent, reasons), never transcript text (tests/people)',
  'segments.reviewed_by': 'who checked the text: archive staff, not what was said',
  'subtitle_texts.reviewed_by': 'who checked the text: archive staff, not what was said',
  'subtitle_tracks.source': 'the name of the file subtitles were imported from',
  'episodes.title': 'the published episode’s title, edited in its form',
  'episodes.show_title': 'the show’s name',
  'jobs.label': 'what the queue shows of a job (a recording’s or an episode’s title)',
  'jobs.input': 'what a job was asked to do (paths, options, a disguised speaker as named)',
  'jobs.error': 'why a job failed, as a message to the person',
  'export_log.output': 'the audit of what left the library, only added to',
  'export_log.recordings': 'the audit of what left the library, only added to',
  'export_log.reason': 'the audit of what left the library, only added to',
  'saved_searches.name': 'a person’s saved search, their words and not the interview’s',
  'saved_searches.query': 'a person’s saved search, their words and not the interview’s',
  'settings.value': 'the library’s settings and glossary (transcription vocabulary)',
  'tracks.engine_settings': 'how the track was transcribed (model options, glossary prompt)',
  'voice_profiles.name':
    'a voice the library remembers: forgotten whole by `voices forget` (decision 0155); a redaction withdraws its proposals in the recording',
  'voice_profiles.affiliation': 'the remembered voice’s union, forgotten with it (decision 0155)',
  'voice_profiles.embedding':
    'numbers of a voice, no words; forgotten with its profile (decision 0155)',
}

/** Columns that hold no words: ids, keys, enumerations, dates, hashes, library paths, rules. */
export const noWords = [
  'access_grants.person_id',
  'access_grants.recording_id',
  'audit_log.action',
  'audit_log.recording_id',
  'people.id',
  'people.password_hash',
  'people.role',
  'people_sessions.id_hash',
  'people_sessions.kind',
  'people_sessions.person_id',
  'speaker_state.recording_id',
  'speaker_state.engine',
  'speaker_state.detected_at',
  'speaker_state.corrected_at',
  'speaker_turns.recording_id',
  'voice_profiles.created_at',
  'episode_chapters.episode_id',
  'episode_clips.episode_id',
  'episode_clips.recording_id',
  'episode_cuts.episode_id',
  'episode_cuts.recording_id',
  'episode_cuts.kind',
  'episode_cuts.created_at',
  'episodes.id',
  'episodes.cover',
  'episodes.intro',
  'episodes.outro',
  'episodes.created_at',
  'episodes.updated_at',
  'export_log.at',
  'export_log.kind',
  'export_log.source_id',
  'jobs.id',
  'jobs.kind',
  'jobs.state',
  'jobs.recording_id',
  'jobs.created_at',
  'jobs.updated_at',
  'jobs.finished_at',
  'jobs.partials',
  // Who holds a running job and until when (decision 0147): HOST:PID:TOKEN and a date.
  'jobs.owner',
  'jobs.lease_until',
  // The one process a --local job is for (decision 0205): HOST:PID:TOKEN, no words.
  'jobs.pinned_to',
  'recording_tags.recording_id',
  'recordings.id',
  'recordings.stored_path',
  'recordings.sha256',
  'recordings.format',
  'recordings.audio_codec',
  'recordings.video_codec',
  'recordings.working_audio',
  'recordings.peaks',
  'recordings.poster',
  'recordings.interview_date',
  'recordings.languages',
  'recordings.consent_status',
  'recordings.created_at',
  'recordings.updated_at',
  'redactions.recording_id',
  'redactions.mode',
  'redactions.created_at',
  'saved_searches.id',
  'saved_searches.filters',
  'saved_searches.created_at',
  'saved_searches.updated_at',
  'segments.language',
  'segments.review',
  'segments.reviewed_at',
  'settings.key',
  'speakers.recording_id',
  'subtitle_cues.recording_id',
  'subtitle_rules.recording_id',
  'subtitle_rules.rules',
  'subtitle_texts.language',
  'subtitle_texts.review',
  'subtitle_texts.reviewed_at',
  'subtitle_tracks.recording_id',
  'subtitle_tracks.language',
  'subtitle_tracks.origin',
  'subtitle_tracks.created_at',
  'subtitle_tracks.updated_at',
  'tracks.recording_id',
  'tracks.language',
  'tracks.kind',
  'tracks.origin',
  'tracks.model',
  'tracks.created_at',
  'tracks.updated_at',
]

/**
 * SQLite's own: the FTS5 index over segments.text (external content), kept in step by its
 * triggers with secure-delete, so masking a segment removes its old tokens from the index pages.
 */
export const sqliteDerived = [
  'segments_fts.text',
  'segments_fts_data.block',
  'segments_fts_idx.term',
]
export const sqliteNoWords = [
  // Dates, which SQLite keeps as ISO text (PostgreSQL as timestamptz).
  'people.created_at',
  'people_sessions.created_at',
  'people_sessions.expires_at',
  'access_grants.expires_at',
  'access_grants.created_at',
  'audit_log.at',
  'segments_fts_config.k',
  'segments_fts_config.v',
  'segments_fts_docsize.sz',
  'segments_fts_idx.segid',
  'segments_fts_idx.pgno',
]

/**
 * PostgreSQL's own: the search column computed from segments.text (migration 002), which follows
 * the masked text and leaves the table files with it when scrub() rewrites segments
 * (decision 0140); the migrations' own record.
 */
export const postgresDerived = ['segments.search']
export const postgresNoWords = ['schema_migrations.name']
