/**
 * The formats the bundle stores as they are: compressed already, deflating them again costs time and
 * gains nothing. The manifest pass computes a CRC-32 only for these (a stored entry's local header
 * needs it before its data); a deflated entry's CRC-32 is computed as it is deflated.
 */
/** Suffixes of formats that are compressed already: deflating them again costs time and gains nothing. */
const STORED_SUFFIXES = [
  '.zip',
  '.gz',
  '.png',
  '.jpg',
  '.jpeg',
  '.webp',
  '.pb.gz',
  '.pprof',
  '.br',
  '.zst',
  '.xz',
  '.7z',
  '.mp4',
];

/** Whether `name` is of a format compressed already (by its suffix, in any case). */
export function isCompressedFormat(name: string): boolean {
  const lower = name.toLowerCase();
  return STORED_SUFFIXES.some((s) => lower.endsWith(s));
}
