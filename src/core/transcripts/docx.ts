import { formatClockTime, stampClock } from '../../shared/time.ts'
import type { Recording, TranscriptTrack } from '../../shared/contract/index.ts'
import { zip } from '../util/zip.ts'

/**
 * A transcript as a Word document (Office Open XML, ECMA-376 Part 1, WordprocessingML): the
 * recording's title, a few lines about it, then one paragraph per segment, its time and speaker
 * in bold. Text comes from the library as stored, so redaction masks are in it exactly as in the
 * SRT, WebVTT, JSON and text exports (docs/decisions/0061-docx-transcripts.md).
 */
export const docxMimeType =
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/** What the document says about the recording: no interviewee, interviewer or place names. */
export type DocxRecording = Pick<
  Recording,
  'title' | 'interviewDate' | 'duration' | 'consentStatus'
>

const labels = {
  en: {
    date: 'Date of the interview',
    length: 'Length',
    track: 'Track',
    transcript: 'Transcript, English',
    translation: 'Translation, English',
    consent: 'Consent',
    exported: 'Exported',
    consentStatus: {
      given: 'given',
      restricted: 'restricted',
      withdrawn: 'withdrawn',
      unknown: 'unknown',
    },
  },
  es: {
    date: 'Fecha de la entrevista',
    length: 'Duración',
    track: 'Pista',
    transcript: 'Transcripción, español',
    translation: 'Traducción, español',
    consent: 'Consentimiento',
    exported: 'Exportado',
    consentStatus: {
      given: 'otorgado',
      restricted: 'restringido',
      withdrawn: 'retirado',
      unknown: 'desconocido',
    },
  },
} as const

/** BCP 47 tags for Word's proofing: the people are in the United States. */
const proofing = { en: 'en-US', es: 'es-US' } as const

/** XML 1.0 §2.2 Char: characters outside it (controls, lone surrogates) cannot be in the file. */
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

export function xmlText(text: string): string {
  return text
    .replace(notXmlChar, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

/** One run; line breaks inside the text become <w:br/>. */
function run(text: string, options: { bold?: boolean; lang?: string } = {}): string {
  const props = [
    options.bold ? '<w:b/>' : '',
    options.lang ? `<w:lang w:val="${options.lang}"/>` : '',
  ]
    .filter(Boolean)
    .join('')
  const body = text
    .split(/\r?\n/)
    .map((line) => `<w:t xml:space="preserve">${xmlText(line)}</w:t>`)
    .join('<w:br/>')
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}${body}</w:r>`
}

const paragraph = (runs: string, style?: string) =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}${runs}</w:p>`

const xmlDeclaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

export function documentXml(
  track: TranscriptTrack,
  recording: DocxRecording,
  exportedAt: Date,
): string {
  const l = labels[track.track]
  const facts: Array<[string, string]> = [
    ...(recording.interviewDate ? [[l.date, recording.interviewDate] as [string, string]] : []),
    [l.length, formatClockTime(recording.duration, stampClock)],
    [l.track, track.kind === 'translation' ? l.translation : l.transcript],
    [l.consent, l.consentStatus[recording.consentStatus]],
    [l.exported, exportedAt.toISOString().slice(0, 10)],
  ]
  const body = [
    paragraph(run(recording.title), 'Title'),
    ...facts.map(([label, value]) => paragraph(run(`${label}: `, { bold: true }) + run(value))),
    paragraph(''),
    ...track.segments
      .filter((segment) => segment.text.trim() !== '')
      .map((segment) => {
        const who = segment.speaker ? ` ${segment.speaker}:` : ''
        const lang = proofing[segment.language]
        return paragraph(
          run(`[${formatClockTime(segment.start, stampClock)}]${who} `, { bold: true }) +
            run(segment.text.trim(), { lang }),
        )
      }),
  ]
  return (
    xmlDeclaration +
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<w:body>${body.join('')}` +
    // US Letter with one-inch margins, in twentieths of a point.
    '<w:sectPr><w:pgSz w:w="12240" w:h="15840"/>' +
    '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/>' +
    '</w:sectPr></w:body></w:document>'
  )
}

function stylesXml(lang: string): string {
  return (
    xmlDeclaration +
    '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    '<w:docDefaults><w:rPrDefault><w:rPr>' +
    '<w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/>' +
    `<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="${lang}"/>` +
    '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>' +
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>' +
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>' +
    '<w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="40"/><w:szCs w:val="40"/></w:rPr></w:style>' +
    '</w:styles>'
  )
}

function coreXml(title: string, lang: string, at: Date): string {
  // W3CDTF without fractions (ECMA-376 Part 2, 11.1: dcterms:created).
  const created = at.toISOString().replace(/\.\d{3}Z$/, 'Z')
  return (
    xmlDeclaration +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlText(title)}</dc:title><dc:language>${lang}</dc:language>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${created}</dcterms:modified>` +
    '</cp:coreProperties>'
  )
}

const contentTypes =
  xmlDeclaration +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
  '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
  '</Types>'

const packageRels =
  xmlDeclaration +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  '</Relationships>'

const documentRels =
  xmlDeclaration +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
  '</Relationships>'

/** The .docx file's bytes. `[Content_Types].xml` goes first, as Word and LibreOffice write it. */
export function transcriptDocx(
  track: TranscriptTrack,
  recording: DocxRecording,
  exportedAt: Date = new Date(),
): Buffer {
  const lang = proofing[track.track]
  return zip(
    [
      { name: '[Content_Types].xml', data: contentTypes },
      { name: '_rels/.rels', data: packageRels },
      { name: 'word/document.xml', data: documentXml(track, recording, exportedAt) },
      { name: 'word/_rels/document.xml.rels', data: documentRels },
      { name: 'word/styles.xml', data: stylesXml(lang) },
      { name: 'docProps/core.xml', data: coreXml(recording.title, lang, exportedAt) },
    ],
    exportedAt,
  )
}
