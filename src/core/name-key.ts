/**
 * When two file names are the same name (ARTIFACTS.md section 5: "name collisions are judged after
 * Unicode full case folding and NFC"): the cycle walk and the zip entry checks both use this key.
 */
import { caseFold } from 'unicode-case-folding';

/**
 * The collision key of a name: Unicode canonical caseless matching (The Unicode Standard, 3.13,
 * D145: full case folding, the C and F mappings of CaseFolding.txt, of the NFD form), in NFC. Two names
 * with the same key are one name on a case-insensitive or normalising file system, or to a reader:
 * `noteſ.txt` (U+017F) and `notes.txt`, `K` (U+212A KELVIN SIGN) and `k`, `ß` and `ss`, `ﬁ` and `fi`,
 * `é` precomposed and `e` + U+0301.
 */
export function nameKey(name: string): string {
  return caseFold(name.normalize('NFD')).normalize('NFC');
}
