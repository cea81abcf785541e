import { languageSchema, type Language } from '../language.ts'
import { z } from 'zod'
import { method, patchOf } from './define.ts'
import { lineText, multilineText } from './text.ts'
import { publishUrlSchema } from './app.ts'
import { disguiseOptionSchema } from './disguise.ts'

export const clipSchema = z
  .object({ recordingId: z.string().min(1), start: z.number().min(0), end: z.number().positive() })
  .refine((clip) => clip.end > clip.start, 'a clip ends after it starts')
export type Clip = z.infer<typeof clipSchema>

export const chapterSchema = z.object({
  start: z.number().min(0),
  titleEn: lineText(),
  titleEs: lineText(),
})
export type Chapter = z.infer<typeof chapterSchema>

/**
 * A stretch of a recording cut out of an episode in its transcript (decision 0050), on the recording's
 * clock. `filler`: a filler word the producer accepted to remove; `edit`: words they deleted.
 */
export const cutKindSchema = z.enum(['edit', 'filler'])
export type CutKind = z.infer<typeof cutKindSchema>
const cutSpanFields = {
  recordingId: z.string().min(1),
  start: z.number().min(0),
  end: z.number().positive(),
}
export const cutSpanSchema = z
  .object(cutSpanFields)
  .refine((span) => span.end > span.start, 'a cut ends after it starts')
export type CutSpan = z.infer<typeof cutSpanSchema>
export const cutSchema = z
  .object({ ...cutSpanFields, kind: cutKindSchema })
  .refine((cut) => cut.end > cut.start, 'a cut ends after it starts')
export type Cut = z.infer<typeof cutSchema>

/** A word of the episode's transcript view: recording clock, and where it is heard in the episode. */
export const episodeWordSchema = z.object({
  start: z.number(),
  end: z.number(),
  text: z.string(),
  /** The kind of cut that removes it; null when it is heard. */
  cut: cutKindSchema.nullable(),
  /** Seconds into the episode (after the intro) where it is heard; null when cut. */
  at: z.number().nullable(),
})
export type EpisodeWord = z.infer<typeof episodeWordSchema>

/**
 * What the episode player marks, on the export's clock (the intro first): its length, the intro
 * and outro, the chapters, and each join (a cut inside a clip, or one clip to the next).
 */
export const episodeTimelineSchema = z.object({
  duration: z.number(),
  intro: z.number(),
  outro: z.number(),
  chapters: z.array(chapterSchema),
  joins: z.array(z.object({ at: z.number(), kind: z.enum(['cut', 'clip']) })),
})
export type EpisodeTimeline = z.infer<typeof episodeTimelineSchema>

export const episodeTranscriptSchema = z.object({
  clips: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      recordingId: z.string(),
      start: z.number(),
      end: z.number(),
      /** The recording's source transcript shown; null when it has none yet. */
      track: languageSchema.nullable(),
      segments: z.array(
        z.object({
          speaker: z.string().nullable(),
          language: languageSchema,
          words: z.array(episodeWordSchema),
        }),
      ),
    }),
  ),
  /** Seconds the clips last once the cuts are taken out. */
  duration: z.number(),
})
export type EpisodeTranscript = z.infer<typeof episodeTranscriptSchema>

/** A filler word offered for removal, in its context; never removed without the producer's say. */
export const fillerSchema = z.object({
  recordingId: z.string(),
  clipIndex: z.number().int().nonnegative(),
  start: z.number(),
  end: z.number(),
  /** The words as spoken ("Um,", "o sea"). */
  text: z.string(),
  /** The filler it matched ("um", "o sea"). */
  filler: z.string(),
  language: languageSchema,
  before: z.string(),
  after: z.string(),
  /** Already cut. */
  cut: z.boolean(),
  /** Seconds into the episode (after the intro) where it is heard, or where its cut joins. */
  at: z.number(),
})
export type Filler = z.infer<typeof fillerSchema>

export const showNotesDraftFieldSchema = z.enum(['summaryEn', 'summaryEs', 'bodyEn', 'bodyEs'])
export type ShowNotesDraftField = z.infer<typeof showNotesDraftFieldSchema>
/**
 * A chapter title that holds a machine translation no person has edited or accepted, named by
 * its language and the chapter's start (decision 0185): `chapterTitleEs@90`.
 */
export const chapterDraftMarkSchema = z.string().regex(/^chapterTitle(En|Es)@\d+(\.\d+)?$/)
export const chapterDraftMark = (language: Language, start: number) =>
  `chapterTitle${language === 'en' ? 'En' : 'Es'}@${start}`
export const isChapterDraftMark = (mark: string) => mark.startsWith('chapterTitle')
/** The episode's description in a language, as a draft mark (decision 0191). */
export const descriptionDraftMarkSchema = z.enum(['descriptionEn', 'descriptionEs'])
export type DescriptionDraftMark = z.infer<typeof descriptionDraftMarkSchema>
export const isDescriptionDraftMark = (mark: string): mark is DescriptionDraftMark =>
  descriptionDraftMarkSchema.safeParse(mark).success

/**
 * Whose marks a drafted write replaces (decision 0208): each panel owns its own, the show notes'
 * summaries and bodies, the descriptions, the chapter titles.
 */
export const draftGroupSchema = z.enum(['notes', 'description', 'chapters'])
export type DraftGroup = z.infer<typeof draftGroupSchema>
/** The group a stored mark belongs to; null for one that is no draft mark at all. */
export function draftGroupOf(mark: string): DraftGroup | null {
  if (showNotesDraftFieldSchema.safeParse(mark).success) return 'notes'
  if (isDescriptionDraftMark(mark)) return 'description'
  if (chapterDraftMarkSchema.safeParse(mark).success) return 'chapters'
  return null
}

export const showNotesSchema = z.object({
  summaryEn: multilineText().default(''),
  summaryEs: multilineText().default(''),
  bodyEn: multilineText().default(''),
  bodyEs: multilineText().default(''),
  guests: multilineText().default(''),
  credits: multilineText().default(''),
  links: z.array(z.object({ title: lineText(), url: lineText() })).default([]),
  /**
   * The summaries and bodies that hold a machine translation no person has edited or accepted
   * yet (decision 0177), the chapter titles (decision 0185) and the descriptions (decision 0191)
   * likewise: shown marked as a draft until then. Stored with the notes.
   */
  drafts: z
    .array(z.union([showNotesDraftFieldSchema, chapterDraftMarkSchema, descriptionDraftMarkSchema]))
    .default([]),
})
export type ShowNotes = z.infer<typeof showNotesSchema>

/**
 * A drafted text and its marks, stored in one transaction (decision 0208): the texts given (a
 * description, the chapters, the show notes without their marks) and `marks`, the whole new set
 * of `group`'s marks; the other groups' marks stay as stored.
 */
export const draftedWriteSchema = z.object({
  group: draftGroupSchema,
  marks: z.array(z.string().max(64)).max(1000),
  descriptionEn: multilineText().optional(),
  descriptionEs: multilineText().optional(),
  chapters: z.array(chapterSchema).optional(),
  notes: showNotesSchema.omit({ drafts: true }).optional(),
})
export type DraftedWrite = z.infer<typeof draftedWriteSchema>

export const episodeFieldsSchema = z.object({
  title: lineText().trim().min(1, 'an episode needs a title'),
  showTitle: lineText(),
  number: z.number().int().positive().nullable(),
  year: z.number().int().min(1900).max(2200).nullable(),
  /** The description in English and in Spanish (decision 0191), like the chapters' titles. */
  descriptionEn: multilineText(),
  descriptionEs: multilineText(),
  cover: z.string().nullable(),
  intro: z.string().nullable(),
  outro: z.string().nullable(),
})
export type EpisodeFields = z.infer<typeof episodeFieldsSchema>

/**
 * The episode's own files, read by every export: a path each, chosen by the person and checked
 * by the core when saved and again before an export (EPISODE_COVER_MISSING…, decision 0078).
 */
export const episodeFileFields = ['cover', 'intro', 'outro'] as const
export type EpisodeFileField = (typeof episodeFileFields)[number]

export const episodeSchema = episodeFieldsSchema.extend({
  id: z.string(),
  clips: z.array(clipSchema),
  chapters: z.array(chapterSchema),
  /** Cuts made in the transcript, by recording and time (decision 0050). */
  cuts: z.array(cutSchema),
  /** Seconds the clips last once the cuts are taken out. */
  duration: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Episode = z.infer<typeof episodeSchema>

export const loudnessSchema = z.object({ integrated: z.number(), truePeak: z.number() })

export const podcastExportInput = z.object({
  /** An episode, or a single recording exported whole. */
  source: z.string().min(1),
  output: z.string().min(1),
  format: z.enum(['mp3', 'm4a']).default('mp3'),
  channels: z.union([z.literal(1), z.literal(2)]).default(2),
  /** Integrated loudness target; the default follows the channels: -16 stereo, -19 mono. */
  lufs: z.number().min(-36).max(-10).optional(),
  /** Speakers whose voice is pitch-shifted in this export (decision 0060). */
  disguise: disguiseOptionSchema,
  /** Needed when a recording's consent is restricted or unknown (decision 0007). */
  reason: multilineText().default(''),
  /**
   * The web folder the episode's files will be published in (http or https): the RSS item's
   * addresses are made from it. Empty: the library's setting; neither: no RSS item is written.
   */
  publishUrl: publishUrlSchema.default(''),
})
export type PodcastExportInput = z.input<typeof podcastExportInput>

export const exportResultSchema = z.object({
  output: z.string(),
  duration: z.number(),
  loudness: loudnessSchema,
  chapters: z.number(),
  /** Files written beside it: chapters JSON, RSS item, transcripts. */
  sidecars: z.array(z.string()),
})
export type ExportResult = z.infer<typeof exportResultSchema>

const captionLanguage = languageSchema
export const videoExportInput = z.object({
  recordingId: z.string().min(1),
  output: z.string().min(1),
  /** Burned into the picture: one language, or two (the second above the first). */
  burn: z.array(captionLanguage).max(2).default([]),
  /** Soft subtitle tracks, tagged with their language. */
  soft: z.array(captionLanguage).max(2).default([]),
  /** Speakers whose voice is pitch-shifted in this export (decision 0060). */
  disguise: disguiseOptionSchema,
  reason: multilineText().default(''),
})
export type VideoExportInput = z.input<typeof videoExportInput>

export const audiogramExportInput = z.object({
  source: z.string().min(1),
  output: z.string().min(1),
  size: z.enum(['square', 'vertical']).default('square'),
  /** Burned-in captions from the recording's subtitles in this language, when it has them. */
  captions: captionLanguage.nullable().default('en'),
  /** A stretch of a single recording (seconds); social media clips are short. */
  from: z.number().min(0).optional(),
  to: z.number().positive().optional(),
  /** Speakers whose voice is pitch-shifted in this export (decision 0060). */
  disguise: disguiseOptionSchema,
  reason: multilineText().default(''),
})

export const episodesMethods = {
  'episodes.list': method(z.object({}).default({}), z.array(episodeSchema)),
  'episodes.get': method(z.object({ id: z.string().min(1) }), episodeSchema),
  'episodes.create': method(
    episodeFieldsSchema
      .partial()
      .extend({ title: lineText().trim().min(1), clips: z.array(clipSchema).min(1) }),
    episodeSchema,
  ),
  'episodes.update': method(
    z.object({
      id: z.string().min(1),
      patch: patchOf(episodeFieldsSchema),
      clips: z.array(clipSchema).optional(),
    }),
    episodeSchema,
  ),
  'episodes.remove': method(
    z.object({ id: z.string().min(1) }),
    z.object({ removed: z.boolean() }),
  ),
  'episodes.setChapters': method(
    z.object({ id: z.string().min(1), chapters: z.array(chapterSchema) }),
    episodeSchema,
  ),
  /** Chapters proposed from the episode's long pauses and speaker changes; nothing is saved. */
  'episodes.proposeChapters': method(z.object({ id: z.string().min(1) }), z.array(chapterSchema)),
  /** Starts an export job; its result is an ExportResult. */
  'episodes.notes': method(z.object({ id: z.string().min(1) }), showNotesSchema),
  'episodes.setNotes': method(
    z.object({ id: z.string().min(1), notes: showNotesSchema }),
    showNotesSchema,
  ),
  /**
   * Stores a drafted text with its "draft: machine translation" marks, or a person's first edit
   * with a mark taken off, in one transaction (decision 0208).
   */
  'episodes.saveDrafted': method(
    draftedWriteSchema.extend({ id: z.string().min(1) }),
    z.object({ episode: episodeSchema, notes: showNotesSchema }),
  ),
  /** Markdown or HTML show notes, returned as text (the CLI or the UI's save dialog writes them). */
  'export.notes': method(
    z.object({ id: z.string().min(1), format: z.enum(['md', 'html']) }),
    z.object({ text: z.string() }),
  ),
  /** The clips' transcripts with every word's cut and its time in the episode. */
  'episodes.timeline': method(z.object({ id: z.string().min(1) }), episodeTimelineSchema),
  'episodes.transcript': method(z.object({ id: z.string().min(1) }), episodeTranscriptSchema),
  /**
   * Cuts stretches (each inside a clip) out of the episode. Stretches are widened to the middle of
   * the pauses around the words they cover; overlapping cuts merge.
   */
  'episodes.cut': method(
    z.object({
      id: z.string().min(1),
      spans: z.array(cutSpanSchema).min(1).max(5000),
      kind: cutKindSchema.default('edit'),
    }),
    episodeSchema,
  ),
  /** Takes stretches out of the cuts (widened the same way), so they are heard again. */
  'episodes.restore': method(
    z.object({ id: z.string().min(1), spans: z.array(cutSpanSchema).min(1).max(5000) }),
    episodeSchema,
  ),
  /** Replaces all the episode's cuts at once, as given (the page's undo and redo). */
  'episodes.setCuts': method(
    z.object({ id: z.string().min(1), cuts: z.array(cutSchema).max(20000) }),
    episodeSchema,
  ),
  /** The filler words in the episode's clips, each with its context. */
  'episodes.fillers': method(z.object({ id: z.string().min(1) }), z.array(fillerSchema)),
  'export.podcast': method(podcastExportInput, z.object({ jobId: z.string() })),
  'export.video': method(videoExportInput, z.object({ jobId: z.string() })),
  'export.audiogram': method(audiogramExportInput, z.object({ jobId: z.string() })),
}
