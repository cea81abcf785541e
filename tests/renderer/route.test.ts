import { describe, expect, it } from 'vitest'
import { parseRoute, routeHref } from '../../src/renderer/app/route.ts'
import { isMediaFileName } from '../../src/renderer/library/media-files.ts'

describe('routes', () => {
  it('round-trip through the hash, and anything unknown is the library', () => {
    const route = { page: 'recording', id: 'a b/c' } as const
    expect(parseRoute(routeHref(route))).toEqual(route)
    expect(parseRoute('')).toEqual({ page: 'library' })
    expect(parseRoute('#/nowhere')).toEqual({ page: 'library' })
  })

  it('gives an address that decodes to no text the not-found page instead of throwing', () => {
    expect(parseRoute('#/recording/%E0')).toEqual({ page: 'notFound' })
    expect(parseRoute('#/recording/%E0?t=5')).toEqual({ page: 'notFound' })
    expect(parseRoute('#/episode/%')).toEqual({ page: 'notFound' })
    expect(parseRoute('#/recording/%C3%B1')).toEqual({ page: 'recording', id: 'ñ' })
  })
})

describe('isMediaFileName', () => {
  it('finds media in a folder by extension, skipping hidden files', () => {
    expect(isMediaFileName('Entrevista.MP3')).toBe(true)
    expect(isMediaFileName('notes.txt')).toBe(false)
    expect(isMediaFileName('._Entrevista.mp3')).toBe(false)
    expect(isMediaFileName('mp3')).toBe(false)
  })
})
