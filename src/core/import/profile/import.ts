/** `import profile` without the CLI: parse, draw, and place the raw profile, its SVG and its Markdown lines. */
import { lstat, mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { flameGraphSvg } from './flamegraph-svg.ts';
import {
  detectFileFormat,
  ProfileError,
  readProfile,
  type ProfileFormat,
  type ProfileTree,
} from './index.ts';
import { writeAll, type Output } from './outputs.ts';
import { appendToSection, profileLines } from './report-md.ts';
import { firstUnsafeWrite } from '../write-path.ts';
import { PerfgateError } from '../../errors.ts';

export type Phase = 'baseline' | 'after';

export interface ImportRequest {
  file: string;
  artifactsDir: string;
  service: string;
  phase: Phase;
  format?: ProfileFormat;
  append: boolean;
}

export interface ImportResult {
  tree: ProfileTree;
  profile: string;
  flameGraph: string;
  lines: string[];
  appended: boolean;
}

const EXTENSION: Record<ProfileFormat, string> = {
  cpuprofile: '.cpuprofile',
  folded: '.folded',
  pprof: '.pb.gz',
  speedscope: '.speedscope.json',
};

/** A problem the user can fix with a profile: the input is wrong (exit 1). */
const refused = (message: string, hint: string) => new PerfgateError(message, hint, 1);

async function exists(p: string): Promise<boolean> {
  return lstat(p).then(
    () => true,
    () => false,
  );
}

async function isGzip(file: string): Promise<boolean> {
  const h = await open(file, 'r');
  try {
    const b = Buffer.alloc(2);
    await h.read(b, 0, 2, 0);
    return b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    await h.close();
  }
}

/** Parses `req.file` (errors propagate as ProfileError), then writes all outputs or none. */
export async function importProfile(req: ImportRequest): Promise<ImportResult> {
  // Refuse an existing target before parsing: a huge profile is read once, and only when it will be kept.
  const format = req.format ?? (await detectFileFormat(req.file));
  if (format === undefined) {
    await readProfile(req.file); // throws the precise reason: empty, or none of the formats
    throw new ProfileError('the format could not be detected');
  }
  const fmt = format;
  // An uncompressed pprof keeps its bytes and gets .pprof (perfgate never alters evidence).
  const ext = fmt === 'pprof' && !(await isGzip(req.file)) ? '.pprof' : EXTENSION[fmt];
  const stem = `${req.service}-${req.phase}`;
  const profile = `diagnostics/${stem}${ext}`;
  const flameGraph = `diagnostics/${stem}-flame.svg`;
  const diagDir = path.join(req.artifactsDir, 'diagnostics');
  const reportPath = path.join(req.artifactsDir, 'profiling-report.md');
  // Never write through a symbolic link: it could point out of the cycle directory.
  const unsafe = await firstUnsafeWrite(req.artifactsDir, [
    profile,
    flameGraph,
    ...(req.append ? ['profiling-report.md'] : []),
  ]);
  if (unsafe) throw refused(`${unsafe.path}: ${unsafe.problem}`, unsafe.hint);
  for (const rel of [profile, flameGraph]) {
    if (await exists(path.join(req.artifactsDir, rel)))
      throw refused(
        `${path.join(req.artifactsDir, rel)} already exists`,
        `perfgate never overwrites evidence: remove or rename it if this profile replaces it, then import again.`,
      );
  }
  const tree = await readProfile(req.file, fmt);
  const title = `${req.service} · ${req.phase} profile (${path.basename(req.file)})`;
  const lines = profileLines({ service: req.service, phase: req.phase, profile, flameGraph });
  const outputs: Output[] = [
    { path: path.join(req.artifactsDir, profile), copyFrom: req.file },
    { path: path.join(req.artifactsDir, flameGraph), data: flameGraphSvg(tree, title) },
  ];
  if (req.append) {
    const current = await readFile(reportPath, 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return '';
      throw e;
    });
    outputs.push({ path: reportPath, data: appendToSection(current, req.service, lines) });
  }
  await mkdir(diagDir, { recursive: true });
  await writeAll(outputs);
  return { tree, profile, flameGraph, lines, appended: req.append };
}
