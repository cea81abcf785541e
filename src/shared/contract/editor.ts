import { languageSchema } from '../language.ts'
import { z } from 'zod'
import { method } from './define.ts'
import { lineText, multilineText } from './text.ts'
import { trackOriginSchema } from './transcription.ts'

/**
 * The transcript editor: a track's segments and words with their row ids, so that each
 * edit names exactly what it changes. Every edit returns the segments it changed and an `undo`
 * patch; applying that patch with `editor.apply` restores the state before the edit and returns
 * the patch that redoes it (docs/decisions/0040-editor-undo.md).
 */
const language = languageSchema

export const editorWordSchema = z.object({
  id: z.number().int(),
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  text: z.string(),
  /** The engine's confidence (0..1); null for words a person typed or a file brought. */
  probability: z.number().min(0).max(1).nullable(),
})
export type EditorWord = z.infer<typeof editorWordSchema>

export const editorSegmentSchema = z.object({
  id: z.number().int(),
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  speakerId: z.number().int().nullable(),
  language,
  text: z.string(),
  review: z.enum(['machine', 'verified']),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  words: z.array(editorWordSchema),
})
export type EditorSegment = z.infer<typeof editorSegmentSchema>

export const editorSpeakerSchema = z.object({
  id: z.number().int(),
  /** What the engine or the file called them ("Speaker 2"); never changes. */
  label: z.string(),
  /** The person's name and union or organisation, as the archive records them. */
  name: z.string(),
  affiliation: z.string(),
})
export type EditorSpeaker = z.infer<typeof editorSpeakerSchema>

export const editorTranscriptSchema = z.object({
  recordingId: z.string(),
  track: language,
  kind: z.enum(['transcript', 'translation']),
  /** Where the track's text came from: the engine, an imported file, or typed by a person. */
  origin: trackOriginSchema,
  segments: z.array(editorSegmentSchema),
  speakers: z.array(editorSpeakerSchema),
})
export type EditorTranscript = z.infer<typeof editorTranscriptSchema>

/** Whole states to put back (segments with their words, speakers) and rows to remove. */
export const editorPatchSchema = z.object({
  recordingId: z.string(),
  track: language,
  put: z.array(
    editorSegmentSchema.extend({
      words: z.array(editorWordSchema.extend({ id: z.number().int().optional() })),
    }),
  ),
  remove: z.array(z.number().int()),
  speakers: z.array(editorSpeakerSchema),
  removeSpeakers: z.array(z.number().int()),
})
export type EditorPatch = z.infer<typeof editorPatchSchema>

export const editorChangeSchema = z.object({
  /** The changed segments as they are now, in time order. */
  segments: z.array(editorSegmentSchema),
  removed: z.array(z.number().int()),
  speakers: z.array(editorSpeakerSchema),
  removedSpeakers: z.array(z.number().int()),
  /** What find-and-replace replaced; 1 for every other edit that changed something. */
  count: z.number().int().nonnegative(),
  undo: editorPatchSchema,
})
export type EditorChange = z.infer<typeof editorChangeSchema>

const segmentId = z.number().int()

export const editorMethods = {
  /** The track with ids; without `track`, the source transcript. null when there is none yet. */
  'editor.load': method(
    z.object({ recordingId: z.string().min(1), track: language.optional() }),
    editorTranscriptSchema.nullable(),
  ),
  /** New text for a segment: unchanged words keep their times, new ones get times between them. */
  'editor.editText': method(
    z.object({ segmentId, text: multilineText().max(20_000) }),
    editorChangeSchema,
  ),
  /** Splits before the word at `wordIndex` (1 .. words - 1): that word starts the new segment. */
  'editor.split': method(
    z.object({ segmentId, wordIndex: z.number().int().min(1) }),
    editorChangeSchema,
  ),
  /** Joins the segment with the one after it in the track. */
  'editor.merge': method(z.object({ segmentId }), editorChangeSchema),
  'editor.setSpeaker': method(
    z.object({ segmentId, speakerId: z.number().int().nullable() }),
    editorChangeSchema,
  ),
  /** Names a speaker once for the whole recording. */
  'editor.renameSpeaker': method(
    z.object({
      speakerId: z.number().int(),
      name: lineText().trim().max(200),
      affiliation: lineText().trim().max(200).default(''),
    }),
    editorChangeSchema,
  ),
  'editor.addSpeaker': method(
    z.object({
      recordingId: z.string().min(1),
      name: lineText().trim().max(200).default(''),
      affiliation: lineText().trim().max(200).default(''),
    }),
    editorChangeSchema,
  ),
  /** Replaces every occurrence in a track's segments; `count` says how many. */
  'editor.replace': method(
    z.object({
      recordingId: z.string().min(1),
      track: language,
      find: multilineText().min(1).max(500),
      replace: multilineText().max(500),
      matchCase: z.boolean().default(false),
      wholeWord: z.boolean().default(false),
    }),
    editorChangeSchema,
  ),
  /** Marks segments checked by a person ('verified' needs `reviewedBy`) or back to the machine's. */
  'editor.review': method(
    z.object({
      segmentIds: z.array(segmentId).min(1).max(10_000),
      review: z.enum(['machine', 'verified']),
      reviewedBy: lineText().trim().min(1).max(200).optional(),
    }),
    editorChangeSchema,
  ),
  /** Applies an undo (or redo) patch; returns the patch that reverses it. */
  'editor.apply': method(z.object({ patch: editorPatchSchema }), editorChangeSchema),
}
