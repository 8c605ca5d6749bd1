/** Strict UTF-8 decoding shared by every parser. */

export type DecodeResult = { ok: true; text: string } | { ok: false; offset: number; line: number };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes UTF-8 strictly (a leading BOM is dropped); on invalid bytes returns the first bad line. */
export function decodeUtf8(buf: Uint8Array): DecodeResult {
  try {
    return { ok: true, text: decoder.decode(buf) };
  } catch {
    // Locate the first invalid sequence by decoding growing prefixes line by line.
    let line = 1;
    let start = 0;
    for (let i = 0; i <= buf.length; i++) {
      if (i === buf.length || buf[i] === 0x0a) {
        try {
          decoder.decode(buf.subarray(start, i));
        } catch {
          return { ok: false, offset: start, line };
        }
        line++;
        start = i + 1;
      }
    }
    return { ok: false, offset: 0, line: 1 };
  }
}
