/**
 * Adds imported runs to the cycle (one run, or with `--replicates` one run per file): copies the raw
 * file(s) to `loadtests/`, merges the runs into `load-test-results.json`, validates the new file
 * (schema + cross-file rules) BEFORE anything is written, then writes each file atomically (temp +
 * rename). On any refusal nothing changes, for any of the runs.
 */
import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCycle } from '../../load/cycle.ts';
import { parseStrictJson } from '../../load/json.ts';
import type { Diagnostic } from '../../diagnostics.ts';
import type { LoadTestResults, LoadTestRun } from '../../types/artifacts.generated.ts';
import { validateCycle } from '../../validate/index.ts';
import { firstUnsafeWrite } from '../write-path.ts';
import { isPlaceholder, isScaffoldRun } from './scaffold.ts';
import { ImportError, type InputFile, type LoadTestImporter } from './types.ts';

export const RESULTS = 'load-test-results.json';
const SCHEMA_URL = 'https://perfgate.dev/schemas/protocol-18/load-test-results.schema.json';

/** A refusal found by validating the would-be file: the diagnostics say where. */
export class ImportRejected extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(message: string, diagnostics: Diagnostic[]) {
    super(message);
    this.diagnostics = diagnostics;
  }
}

export interface ApplyInput {
  dir: string;
  files: readonly InputFile[];
  importer: LoadTestImporter;
  run: LoadTestRun;
  toolVersion?: string;
  environment?: string;
  replace: boolean;
}

/** Several runs in one import: each with the file(s) it was read from. */
export interface ApplyRunsInput extends Omit<ApplyInput, 'files' | 'run'> {
  runs: readonly { run: LoadTestRun; files: readonly InputFile[] }[];
}

/** What an import wrote: the files, whether it created the results file or replaced a run, and whether it replaced the scaffold's placeholder run. */
export interface Applied {
  written: string[];
  created: boolean;
  replaced: boolean;
  scaffold: boolean;
}

/** Where the raw copies go: `loadtests/<id>.<ext>`, further parts `loadtests/<id>.part2.<ext>`. */
export function rawTargets(id: string, ext: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `loadtests/${id}${i === 0 ? '' : `.part${i + 1}`}.${ext}`);
}

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** The services the intake declares (the import refuses any other). */
async function knownServices(dir: string): Promise<string[]> {
  const file = path.join(dir, 'performance-intake-report.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ImportError(
      'performance-intake-report.json',
      undefined,
      'Missing intake: the cycle must declare its services before runs are imported',
      `Create the cycle with \`perfgate init ${dir}\` and fill performance-intake-report.json.`,
      2,
    );
  }
  const services = (
    parseStrictJson(text, 'performance-intake-report.json').data as
      { services?: { name?: unknown }[] } | undefined
  )?.services;
  return Array.isArray(services)
    ? services.map((s) => s?.name).filter((n): n is string => typeof n === 'string')
    : [];
}

/** Validates and writes one run; returns the relative paths written. */
export async function applyRun(a: ApplyInput): Promise<Applied> {
  const { files, run, ...rest } = a;
  return applyRuns({ ...rest, runs: [{ run, files }] });
}

/** Validates and writes every run of one import together; returns the relative paths written. */
export async function applyRuns(a: ApplyRunsInput): Promise<Applied> {
  const services = await knownServices(a.dir);
  const service = a.runs[0]!.run.service;
  if (!services.includes(service)) {
    throw new ImportRejected(
      `Unknown service \`${service}\`: the intake declares ${services.map((s) => `\`${s}\``).join(', ') || 'no service'}`,
      [],
    );
  }
  const copies = a.runs.flatMap((r) =>
    rawTargets(r.run.id, a.importer.ext, r.files.length).map((target, i) => ({ target, file: r.files[i]! })),
  );
  const targets = copies.map((c) => c.target);
  // Never read or write through a link: a linked `loadtests/` would carry the copy out of the cycle.
  const unsafe = await firstUnsafeWrite(a.dir, [RESULTS, ...targets]);
  if (unsafe) throw new ImportError(unsafe.path, undefined, unsafe.problem, unsafe.hint);
  const resultsPath = path.join(a.dir, RESULTS);
  let doc: LoadTestResults;
  let created = false;
  let scaffold = false;
  if (await exists(resultsPath)) {
    const parsed = parseStrictJson(await readFile(resultsPath, 'utf8'), RESULTS);
    const bad = parsed.diagnostics.find((d) => d.severity === 'error' || d.severity === 'critical');
    if (bad || parsed.data === undefined)
      throw new ImportRejected(`${RESULTS} is not valid JSON; fix it before importing`, bad ? [bad] : []);
    doc = structuredClone(parsed.data) as LoadTestResults;
    if (!Array.isArray(doc.runs))
      throw new ImportRejected(`${RESULTS} has no \`runs\` array; fix it before importing`, []);
    scaffold = adoptScaffold(doc, a);
  } else {
    if (a.environment === undefined) {
      throw new ImportError(
        RESULTS,
        undefined,
        `Missing environment: ${RESULTS} does not exist yet and is created by this import`,
        'Pass --environment NAME (e.g. --environment staging) for the new file.',
      );
    }
    created = true;
    doc = {
      $schema: SCHEMA_URL,
      tool: a.importer.tool,
      environment: a.environment,
      runs: [],
    } as LoadTestResults;
    if (a.toolVersion) doc.tool_version = a.toolVersion;
  }
  let replaced = false;
  for (const { run: imported } of a.runs) {
    const at = doc.runs.findIndex((r) => r.id === imported.id);
    if (at >= 0 && !a.replace) {
      throw new ImportRejected(`Run \`${imported.id}\` already exists in ${RESULTS}`, []);
    }
    const run = { ...imported };
    if (run.tool === doc.tool) delete run.tool;
    if (at >= 0) doc.runs[at] = run;
    else doc.runs.push(run);
    replaced ||= at >= 0;
  }
  const text = JSON.stringify(doc, null, 2) + '\n';

  if (!a.replace) {
    for (const t of targets) {
      if (await exists(path.join(a.dir, t)))
        throw new ImportRejected(
          `${t} already exists; perfgate never overwrites evidence without --replace`,
          [],
        );
    }
  }

  // Validate the would-be cycle as `perfgate validate` would read it: the new text through the same
  // strict parse (its diagnostics in place of the old file's) and schema, the raw copies present.
  const cycle = await loadCycle(a.dir, { upstream: false });
  const parsed = parseStrictJson(text, RESULTS);
  cycle.diagnostics = [...cycle.diagnostics.filter((d) => d.file !== RESULTS), ...parsed.diagnostics];
  const prev = cycle.artifacts['load-test-results'];
  const spec = prev?.spec ?? cycle.missing.find((s) => s.name === 'load-test-results');
  if (spec)
    cycle.artifacts['load-test-results'] = {
      spec,
      file: RESULTS,
      data: parsed.data,
      lines: parsed.lines,
      text,
    };
  cycle.missing = cycle.missing.filter((s) => s.name !== 'load-test-results');
  for (const t of targets)
    if (!cycle.files.some((f) => f.path === t))
      cycle.files.push({ path: t, abs: path.join(a.dir, t), bytes: 0 });
  const result = validateCycle(cycle, {
    file: '',
    found: false,
    data: undefined,
    lines: new Map(),
    diagnostics: [],
  });
  const errors = result.diagnostics.filter(
    (d) => d.file === RESULTS && (d.severity === 'error' || d.severity === 'critical'),
  );
  if (errors.length > 0)
    throw new ImportRejected(`The new ${RESULTS} would not be valid; nothing was changed`, errors);

  await mkdir(path.join(a.dir, 'loadtests'), { recursive: true });
  const tmp = `.tmp-${process.pid}`;
  const staged: [string, string][] = [];
  try {
    for (const { target, file } of copies) {
      const dest = path.join(a.dir, target);
      await copyFile(file.path, dest + tmp, constants.COPYFILE_EXCL);
      staged.push([dest + tmp, dest]);
    }
    await writeFile(resultsPath + tmp, text, { flag: 'wx' });
    staged.push([resultsPath + tmp, resultsPath]);
  } catch (e) {
    await Promise.all(staged.map(([t]) => unlink(t).catch(() => undefined)));
    throw e;
  }
  // The raw copies first, the results file last: a crash between leaves only unreferenced evidence.
  for (const [t, dest] of staged) await rename(t, dest);
  return { written: [...targets, RESULTS], created, replaced, scaffold };
}

/**
 * Drops the untouched placeholder run(s) of `perfgate init` and answers the scaffold's top-level
 * placeholders (the tool from the import, the environment from --environment); true when the
 * file was the scaffold's. Nothing a person wrote is dropped (scaffold.ts).
 */
function adoptScaffold(doc: LoadTestResults, a: ApplyRunsInput): boolean {
  const runs = doc.runs.filter((r) => !isScaffoldRun(r));
  const dropped = runs.length < doc.runs.length;
  doc.runs = runs;
  if (isPlaceholder(doc.tool)) {
    doc.tool = a.importer.tool;
    if (a.toolVersion) doc.tool_version = a.toolVersion;
  }
  if (isPlaceholder(doc.environment)) {
    if (a.environment === undefined)
      throw new ImportError(
        RESULTS,
        undefined,
        `Missing environment: ${RESULTS} still holds the placeholder environment of \`perfgate init\``,
        'Pass --environment NAME (e.g. --environment staging): the import fills it in.',
      );
    doc.environment = a.environment;
  }
  return dropped;
}
