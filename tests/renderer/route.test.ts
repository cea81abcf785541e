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
})

describe('isMediaFileName', () => {
  it('finds media in a folder by extension, skipping hidden files', () => {
    expect(isMediaFileName('Entrevista.MP3')).toBe(true)
    expect(isMediaFileName('notes.txt')).toBe(false)
    expect(isMediaFileName('._Entrevista.mp3')).toBe(false)
    expect(isMediaFileName('mp3')).toBe(false)
  })
})
