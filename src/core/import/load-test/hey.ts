/**
 * hey `-o csv`, raw samples. Mapping: `response-time` (seconds) -> latency in ms; `offset` (seconds
 * since the run began) -> start, end = offset + response-time; `status-code` >= 400 -> error.
 * hey writes no wall-clock time, no concurrency and no failed connections (those are only in its
 * text summary): `--started-at` and `--concurrency` give the first two.
 */
import { SampleStats, errorKey, round } from './samples.ts';
import { columnIndex, forEachCsvRow, numberCell } from './csv-stream.ts';
import { ImportError, type ImportResult, type InputFile, type LoadTestImporter } from './types.ts';

const REQUIRED = ['response-time', 'status-code', 'offset'] as const;

async function read(files: readonly InputFile[]): Promise<ImportResult> {
  if (files.length > 1) {
    throw new ImportError(
      files[1]!.name,
      undefined,
      'Unexpected second hey CSV: each hey file has its own clock (offsets from its own start)',
      'Import one hey file per run.',
    );
  }
  const f = files[0]!;
  const stats = new SampleStats();
  let idx = new Map<string, number>();
  await forEachCsvRow(
    f,
    (h) => (idx = columnIndex(h, REQUIRED, f.name, 'hey CSV')),
    (row) => {
      // Seconds with 4 decimals -> ms without binary noise (0.0120 s -> 12 ms, not 12.000000000000002).
      const latency = round(numberCell(row, idx.get('response-time')!, 'response-time', f.name) * 1000, 6);
      const offset = round(numberCell(row, idx.get('offset')!, 'offset', f.name) * 1000, 6);
      const status = row.cells[idx.get('status-code')!] ?? '';
      const code = Number(status);
      stats.add(
        latency,
        offset,
        offset + latency,
        Number.isInteger(code) && code >= 400 ? errorKey(status) : undefined,
      );
    },
  );
  if (stats.count === 0) {
    throw new ImportError(
      f.name,
      undefined,
      'Unexpected hey CSV without samples',
      'Import the CSV of a finished run.',
    );
  }
  return { values: stats.values(undefined), notes: [], samples: stats };
}

export const hey: LoadTestImporter = {
  id: 'hey-csv',
  tool: 'hey',
  title: 'hey -o csv',
  ext: 'csv',
  kind: 'raw',
  notReported: ['started_at', 'peak_concurrency'],
  detect: (head) => head.replace(/^\uFEFF/, '').startsWith('response-time,'),
  read,
};
