import { ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3'

/** One stored version of an object, or one of its delete markers (which hold no bytes). */
export interface ObjectVersion {
  id: string
  latest: boolean
  deleteMarker: boolean
}

/**
 * Every version and delete marker of exactly this object (a listing by prefix also returns longer
 * names that begin with it), across every page of the listing.
 */
export async function objectVersions(
  client: S3Client,
  Bucket: string,
  Key: string,
): Promise<ObjectVersion[]> {
  const found: ObjectVersion[] = []
  let KeyMarker: string | undefined
  let VersionIdMarker: string | undefined
  for (;;) {
    const page = await client.send(
      new ListObjectVersionsCommand({ Bucket, Prefix: Key, KeyMarker, VersionIdMarker }),
    )
    const entries = [
      ...(page.Versions ?? []).map((entry) => ({ entry, deleteMarker: false })),
      ...(page.DeleteMarkers ?? []).map((entry) => ({ entry, deleteMarker: true })),
    ]
    for (const { entry, deleteMarker } of entries) {
      if (entry.Key === Key && entry.VersionId) {
        found.push({ id: entry.VersionId, latest: entry.IsLatest === true, deleteMarker })
      }
    }
    if (!page.IsTruncated) return found
    KeyMarker = page.NextKeyMarker
    VersionIdMarker = page.NextVersionIdMarker
  }
}
