/**
 * The demo of this repository read as `perfgate build` reads it (current cycle, archive, config), in
 * this thread; `archiveDir` stands in for its archive (ARCHIVE_BEFORE_GATE_CONFIG, test/publish/demo-copy.ts).
 */
import path from 'node:path';
import { readHistory } from '../../src/core/history/read.ts';
import type { SiteData } from '../../src/core/history/site-data.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export function readDemoHistory(archiveDir = path.join(ROOT, 'content/cycles')): Promise<SiteData> {
  return readHistory({
    artifactsDir: path.join(ROOT, '.artifacts/protocol-18'),
    archiveDir,
    configFile: path.join(ROOT, 'config/protocol_gates/18.yaml'),
    evaluatedAt: '2026-11-21T00:00:00Z',
    base: '/',
    renderWorkers: 0,
  });
}
