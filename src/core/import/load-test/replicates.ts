/**
 * Repeated runs of one scenario in one import (`--replicates`): each file is its own run, with an id
 * derived from the base id in the order the files were given (`<id>-1`, `<id>-2`, ...). Without it,
 * several files are the parts of one run (raw formats merge them sample by sample).
 */
import { SLUG } from '../../slug.ts';
import { ImportError, type InputFile } from './types.ts';

export interface PlannedRun {
  id: string;
  files: InputFile[];
}

/** The id of the k-th replicate (1-based): `<id>-<k>`. */
export function replicateId(id: string, k: number): string {
  return `${id}-${k}`;
}

/** The runs this import makes, each with its id and file(s); throws when a derived id is no slug. */
export function planRuns(files: readonly InputFile[], id: string, replicates: boolean): PlannedRun[] {
  if (!replicates) return [{ id, files: [...files] }];
  return files.map((file, i) => {
    const rid = replicateId(id, i + 1);
    if (!SLUG.test(rid))
      throw new ImportError(
        file.name,
        undefined,
        `Unexpected run id ${JSON.stringify(rid)} for replicate ${i + 1}: longer than a slug allows (64 characters)`,
        'Pass a shorter --id; the replicates are numbered <id>-1, <id>-2, ...',
      );
    return { id: rid, files: [file] };
  });
}
