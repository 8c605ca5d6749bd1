/** `perfgate import load-test`, core part: detect the format, read the file(s), build one run. */
import { open } from 'node:fs/promises';
import { detectImporter, formatList, importerById } from './registry.ts';
import {
  ImportError,
  type ImportOptions,
  type ImportResult,
  type InputFile,
  type LoadTestImporter,
} from './types.ts';

export { ImportError } from './types.ts';
export type { InputFile, LoadTestImporter } from './types.ts';

const HEAD_BYTES = 64 * 1024;

/** The first bytes of a file as text (enough for every detector). */
async function head(f: InputFile): Promise<string> {
  try {
    const h = await open(f.path, 'r');
    try {
      const buf = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await h.read(buf, 0, HEAD_BYTES, 0);
      return buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await h.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ImportError(
      f.name,
      undefined,
      code === 'ENOENT' ? 'File not found' : `Could not read the file (${code ?? String(e)})`,
      'Check the path of the tool output.',
      2,
    );
  }
}

/** Picks the importer of every file (all must agree) and checks `--format` against the content. */
export async function chooseImporter(
  files: readonly InputFile[],
  format: string | undefined,
): Promise<LoadTestImporter> {
  const forced = format === undefined ? undefined : importerById(format);
  if (format !== undefined && !forced) {
    throw new ImportError(
      files[0]!.name,
      undefined,
      `Unknown --format ${JSON.stringify(format)}`,
      `Use one of: ${formatList()}.`,
    );
  }
  let chosen: LoadTestImporter | undefined;
  for (const f of files) {
    const text = await head(f);
    const seen = detectImporter(text);
    if (forced && seen !== forced) {
      throw new ImportError(
        f.name,
        1,
        seen
          ? `Unexpected ${seen.title} content, but --format ${forced.id} was given`
          : `Unexpected content for --format ${forced.id} (${forced.title})`,
        seen
          ? `Drop --format (the content is detected) or pass --format ${seen.id}.`
          : 'Check that this is the file the tool wrote, unedited.',
      );
    }
    if (!seen) {
      throw new ImportError(
        f.name,
        1,
        'Unrecognised load-test output',
        `perfgate reads: ${formatList()}. Produce one of them with the tool's own option (see the docs page of the tool).`,
      );
    }
    if (chosen && seen !== chosen) {
      throw new ImportError(
        f.name,
        undefined,
        `Unexpected ${seen.title} among ${chosen.title} files: one run is one format`,
        'Import the files of each tool as separate runs.',
      );
    }
    chosen = seen;
  }
  if (chosen!.kind === 'summary' && files.length > 1) {
    throw new ImportError(
      files[1]!.name,
      undefined,
      `Unexpected second file: a ${chosen!.title} is one complete run`,
      'Pass --replicates to import each summary as its own run of the scenario (ids <id>-1, <id>-2, ...), or import them one by one with their own --id; only raw-sample formats merge several files into one run.',
    );
  }
  return chosen!;
}

/** Reads the files with their importer. */
export async function readLoadTest(
  files: readonly InputFile[],
  format: string | undefined,
  options: ImportOptions,
): Promise<{ importer: LoadTestImporter; result: ImportResult }> {
  if (files.length === 0)
    throw new ImportError(
      '(none)',
      undefined,
      'No input file',
      'Pass the tool output: perfgate import load-test FILE --service S ...',
    );
  const importer = await chooseImporter(files, format);
  return { importer, result: await importer.read(files, options) };
}
