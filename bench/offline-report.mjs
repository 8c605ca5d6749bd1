// report.html (issue 27): its size for the demo's current cycle (target: under 1 MB), and how it grows:
// with 200 more evidence files (one manifest row each) and with one large raw file (one row, never its bytes).
// Run by `npm run bench` (bench/evidence.mjs) before the 1 GiB measurements.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatBytes } from '../src/core/format/bytes.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const LIMIT = 1_000_000;

/** Runs `perfgate report` on the copy and returns the size of report.html and the command's time. */
function report(root) {
  const t0 = performance.now();
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'bin/perfgate.mjs'), 'report', '--as-of', '2026-11-24T00:00:00Z'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return {
    ms: performance.now() - t0,
    bytes: statSync(path.join(root, '.artifacts/protocol-18/report.html')).size,
  };
}

/** Measures and prints; returns whether the demo's report.html is under the limit. */
export function measureOfflineReport(out = process.stdout) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'perfgate-bench-offline-'));
  try {
    for (const d of ['.artifacts', 'config', 'content/cycles'])
      cpSync(path.join(ROOT, d), path.join(root, d), { recursive: true });
    const demo = report(root);
    const exports = path.join(root, '.artifacts/protocol-18/exports');
    mkdirSync(exports);
    for (let i = 0; i < 200; i++)
      writeFileSync(path.join(exports, `part-${String(i).padStart(4, '0')}.csv`), 'ts,ms\n1,2\n');
    const files = report(root);
    writeFileSync(path.join(exports, 'raw-export.csv'), 'ts,ms\n1763640000,12.5\n'.repeat(1_000_000));
    const big = report(root);
    const ok = demo.bytes < LIMIT;
    out.write(
      [
        `report.html, demo's current cycle: ${formatBytes(demo.bytes)} (${demo.bytes} bytes; target < 1 MB, ${LIMIT} bytes) ${ok ? 'OK' : 'MISSED'}; perfgate report ${(demo.ms / 1000).toFixed(2)} s`,
        `  + 200 evidence files: ${formatBytes(files.bytes)} (+${((files.bytes - demo.bytes) / 200).toFixed(0)} bytes per file, one manifest row each)`,
        `  + one ${formatBytes(22 * 1_000_000)} raw export: ${formatBytes(big.bytes)} (+${big.bytes - files.bytes} bytes: its row, never its content)`,
        '',
      ].join('\n'),
    );
    return ok;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
