import { spawnSync } from 'node:child_process'

/**
 * What libxml2's xmllint says of an XML file ('' when it is well-formed and its namespaces are
 * declared), an independent check of the XML Voces writes. Throws when xmllint is missing, so a
 * machine without it fails rather than passes (`.ci/run` installs libxml2-utils).
 */
export function xmllint(file: string): string {
  const run = spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' })
  if (run.error) throw run.error
  return run.stderr.trim()
}
