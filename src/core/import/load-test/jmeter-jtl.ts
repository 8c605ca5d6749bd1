/**
 * JMeter JTL (CSV with a header), raw samples. Mapping: `elapsed` (ms) -> latency; `timeStamp`
 * (epoch ms, the sample's start in JMeter's default configuration) -> start, end = start + elapsed;
 * `success` the string "true"/"false" -> errors keyed by `responseCode`; `allThreads` -> peak
 * concurrency. `--endpoint` keeps only the samples of one `label`.
 */
import { SampleStats, errorKey, inDateRange, isoFromMs } from './samples.ts';
import { columnIndex, forEachCsvRow, numberCell } from './csv-stream.ts';
import {
  ImportError,
  type ImportOptions,
  type ImportResult,
  type InputFile,
  type LoadTestImporter,
} from './types.ts';

const REQUIRED = ['timeStamp', 'elapsed', 'success'] as const;

async function read(files: readonly InputFile[], options: ImportOptions): Promise<ImportResult> {
  const stats = new SampleStats();
  for (const f of files) {
    let idx = new Map<string, number>();
    await forEachCsvRow(
      f,
      (h) => (idx = columnIndex(h, REQUIRED, f.name, 'JMeter JTL')),
      (row) => {
        const label = idx.has('label') ? row.cells[idx.get('label')!] : undefined;
        if (options.endpoint !== undefined && label !== options.endpoint) return;
        const ts = numberCell(row, idx.get('timeStamp')!, 'timeStamp', f.name);
        const elapsed = numberCell(row, idx.get('elapsed')!, 'elapsed', f.name);
        if (!inDateRange(ts) || !inDateRange(ts + elapsed)) {
          throw new ImportError(
            f.name,
            row.line,
            `Unexpected \`timeStamp\` ${row.cells[idx.get('timeStamp')!]}, expected epoch milliseconds in the years 0001-9999`,
            'JMeter writes the sample start as milliseconds since 1970 (e.g. 1551783627191); the row is damaged, or the JTL was saved with another time format (set jmeter.save.saveservice.timestamp_format=ms).',
          );
        }
        const success = row.cells[idx.get('success')!];
        if (success !== 'true' && success !== 'false') {
          throw new ImportError(
            f.name,
            row.line,
            `Unexpected \`success\` ${JSON.stringify(success)}, expected "true" or "false"`,
            'The row is damaged; use the JTL exactly as JMeter wrote it.',
          );
        }
        const code = idx.has('responseCode') ? (row.cells[idx.get('responseCode')!] ?? '') : '';
        stats.add(elapsed, ts, ts + elapsed, success === 'false' ? errorKey(code) : undefined);
        if (idx.has('allThreads')) {
          const threads = Number(row.cells[idx.get('allThreads')!]);
          if (Number.isInteger(threads) && threads > stats.peak) stats.peak = threads;
        }
      },
    );
  }
  if (stats.count === 0) {
    throw new ImportError(
      files[0]!.name,
      undefined,
      options.endpoint === undefined
        ? 'Unexpected JTL without samples'
        : `No sample has the label ${JSON.stringify(options.endpoint)}`,
      options.endpoint === undefined
        ? 'Import the JTL of a finished run.'
        : 'Check --endpoint against the `label` column.',
    );
  }
  return { values: stats.values(isoFromMs), notes: [], samples: stats };
}

export const jmeterJtl: LoadTestImporter = {
  id: 'jmeter-jtl',
  tool: 'jmeter',
  title: 'JMeter JTL (CSV with a header)',
  ext: 'jtl',
  kind: 'raw',
  notReported: [],
  detect: (head) => {
    const first = head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
    return /(^|,)timeStamp(,|$)/.test(first) && /(^|,)elapsed(,|$)/.test(first);
  },
  read,
};
