/**
 * Name collisions are judged after Unicode full case folding and NFC (ARTIFACTS.md section 5). The
 * expected pairs are read off Unicode's CaseFolding.txt (status C or F) by hand, not off the code.
 */
import { describe, expect, it } from 'vitest';
import { checkNames } from '../src/core/evidence/names.ts';
import { nameKey } from '../src/core/name-key.ts';

/** [a, b, why they are one name]. */
const SAME: [string, string, string][] = [
  ['notes.txt', 'note\u017f.txt', '017F; C; 0073 (LATIN SMALL LETTER LONG S)'],
  ['k.svg', '\u212a.svg', '212A; C; 006B (KELVIN SIGN)'],
  ['stra\u00dfe.md', 'STRASSE.md', '00DF; F; 0073 0073 (SHARP S folds to two letters)'],
  ['\ufb01le.txt', 'file.txt', 'FB01; F; 0066 0069 (LATIN SMALL LIGATURE FI)'],
  ['caf\u00e9.txt', 'cafe\u0301.txt', 'NFC alone: U+00E9 is U+0065 U+0301 composed'],
  ['CAF\u00c9.txt', 'cafe\u0301.txt', 'folding and NFC together'],
  ['\u1e9e.txt', 'ss.txt', '1E9E; F; 0073 0073 (CAPITAL SHARP S)'],
  ['\u{10400}.txt', '\u{10428}.txt', '10400; C; 10428 (DESERET, outside the BMP)'],
];

/** Names that stay apart: no C or F mapping makes them equal. */
const APART: [string, string, string][] = [
  ['\u0131.txt', 'i.txt', 'DOTLESS I has no C/F mapping (only the Turkic T rows fold to it)'],
  ['\u0130.txt', 'i.txt', '0130; F; 0069 0307: CAPITAL I WITH DOT keeps its dot'],
  ['a.txt', 'b.txt', 'different letters'],
];

describe('nameKey: full case folding and NFC', () => {
  it.each(SAME)('%s and %s are one name (%s)', (a, b) => {
    expect(nameKey(a)).toBe(nameKey(b));
  });
  it.each(APART)('%s and %s are two names (%s)', (a, b) => {
    expect(nameKey(a)).not.toBe(nameKey(b));
  });
});

describe('checkNames (bundle entries and manifests) uses it', () => {
  it.each(SAME)('%s then %s: the second collides (%s)', (a, b) => {
    expect(checkNames([a, b]).map((p) => p.problem)).toEqual([
      `collides with \`${a}\` on case-insensitive file systems`,
    ]);
  });
});
