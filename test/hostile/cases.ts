/**
 * The hostile corpus (test/fixtures/hostile): each case is a folder of files overriding the valid
 * fixture cycle, plus a `case.json` saying how to set up what git cannot hold (links, FIFOs,
 * sparse files, odd names, zips) and what perfgate must answer.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  appendFile,
  cp,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  symlink,
  truncate,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { FIXTURES } from '../helpers/cli.ts';
import { bundle, rawZip, type RawEntry } from './zips.ts';

export const HOSTILE = path.join(FIXTURES, 'hostile');
export const AS_OF = '2026-11-20T12:00:00Z';

export type Command = 'validate' | 'gates' | 'report' | 'verify' | 'build';

export type SetupStep =
  | { symlink: string; target: string }
  | { fifo: string }
  | { mkdir: string }
  | { write: string; text: string }
  /** Generated text: each part `repeat` times, the n-th repetition indented by n x `indent` spaces. */
  | { write: string; parts: { text: string; repeat?: number; indent?: number }[] }
  | { append: string; file: string }
  | { copy: string; to: string }
  | { truncate: string; size: number }
  | { remove: string }
  | { move: string; to: string }
  | { zip: string; kind: string };

export interface Case {
  description: string;
  command: Command;
  args?: string[];
  env?: Record<string, string>;
  setup?: SetupStep[];
  /** Markdown payloads, also rendered in the browser test. */
  payload?: boolean;
  /** Output modes to run (default both). */
  runs?: ('json' | 'human')[];
  /** Leave out the default --as-of (to test SOURCE_DATE_EPOCH). */
  no_as_of?: boolean;
  expect: {
    exit_code: 0 | 1 | 2;
    /** A diagnostic code (or, for verify, a problem kind); null: none of error severity. */
    code?: string | null;
    /** Its file (relative to the cycle; `CONFIG` for the config; for verify, the entry). */
    file?: string | null;
    line?: number;
    pointer?: string;
    severity?: string;
    message_includes?: string;
    hint_includes?: string;
    /** A command-line error (no artifact involved): the message must include this. */
    error?: string;
    /** Criterion statuses that `gates` must report. */
    criteria?: Record<string, string>;
  };
}

export async function readCases(): Promise<{ name: string; c: Case }[]> {
  const names = (await readdir(HOSTILE, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => ({
      name,
      c: JSON.parse(await readFile(path.join(HOSTILE, name, 'case.json'), 'utf8')) as Case,
    })),
  );
}

/** `ROOT` in a case's strings stands for the case's temporary root folder. */
export const rooted = (s: string, root: string) => s.replaceAll('ROOT', root);

/** Copies the case's overriding files over `root` (a copy of test/fixtures/valid), then runs its setup. */
export async function applyCase(name: string, c: Case, root: string): Promise<void> {
  const dir = path.join(HOSTILE, name);
  for (const top of ['protocol-15', 'protocol-16', 'protocol-18'])
    if (existsSync(path.join(dir, top)))
      await cp(path.join(dir, top), path.join(root, top), { recursive: true });
  if (existsSync(path.join(dir, 'config.yaml')))
    await cp(path.join(dir, 'config.yaml'), path.join(root, 'config.yaml'));
  for (const step of c.setup ?? []) await runStep(step, dir, root);
}

async function runStep(step: SetupStep, caseDir: string, root: string): Promise<void> {
  const at = (p: string) => path.join(root, p);
  const parent = async (p: string) => mkdir(path.dirname(at(p)), { recursive: true });
  if ('symlink' in step) {
    await parent(step.symlink);
    await symlink(rooted(step.target, root), at(step.symlink));
  } else if ('fifo' in step) {
    await parent(step.fifo);
    execFileSync('mkfifo', [at(step.fifo)]);
  } else if ('mkdir' in step) await mkdir(at(step.mkdir), { recursive: true });
  else if ('write' in step) {
    await parent(step.write);
    const text =
      'parts' in step
        ? step.parts
            .map((p) =>
              Array.from({ length: p.repeat ?? 1 }, (_, n) => ' '.repeat(n * (p.indent ?? 0)) + p.text).join(
                '',
              ),
            )
            .join('')
        : step.text;
    await writeFile(at(step.write), text);
  } else if ('append' in step)
    await appendFile(at(step.append), await readFile(path.join(caseDir, step.file)));
  else if ('copy' in step) {
    await parent(step.to);
    await cp(path.join(caseDir, step.copy), at(step.to));
  } else if ('truncate' in step)
    await truncate(at(step.truncate), step.size); // sparse: no blocks written
  else if ('remove' in step) await rm(at(step.remove), { recursive: true });
  else if ('move' in step) {
    await parent(step.to);
    await rename(at(step.move), at(step.to));
  } else if ('zip' in step) await writeFile(at(step.zip), hostileZip(step.kind));
}

const text = (s: string) => Buffer.from(s);
const ok: RawEntry = { name: 'ok.txt', data: text('fine\n') };

/** The hostile bundles of the `zip-*` cases, generated (a 70,000-entry zip is no fixture to commit). */
export function hostileZip(kind: string): Buffer {
  switch (kind) {
    case 'nested': {
      const inner = rawZip([
        { name: '../../escaped', data: text('slip\n') },
        { name: 'zeros.bin', data: Buffer.alloc(16 * 1024 * 1024), method: 8 },
        { name: 'evidence-manifest.json', data: text('{"files": [{"path": "../x"}]}') },
      ]);
      return bundle([ok, { name: 'archives/inner.zip', data: inner }]);
    }
    case 'manifest-traversal':
      return bundle([ok], {
        listed: [
          { path: 'ok.txt', data: ok.data },
          { path: '../x', data: text('x') },
        ],
      });
    case 'many-entries':
      return bundle([ok], {
        extra: Array.from({ length: 70_000 }, (_, i) => ({
          name: `tiny/${String(i).padStart(5, '0')}`,
          data: text('x'),
        })),
      });
    case 'windows-drive':
      return bundle([ok], { extra: [{ name: 'C:/Windows/evil.dll', data: text('MZ') }] });
    case 'inner-dotdot':
      return bundle([ok], { extra: [{ name: 'a/../../b', data: text('b') }] });
    case 'nfd-collision':
      return bundle([ok], {
        extra: [
          { name: 'caf\u00e9.txt', data: text('nfc') },
          { name: 'cafe\u0301.txt', data: text('nfd') },
        ],
      });
    case 'case-fold-collision':
      // U+017F LATIN SMALL LETTER LONG S folds to `s` (CaseFolding.txt: 017F; C; 0073).
      return bundle([ok], {
        extra: [
          { name: 'notes.txt', data: text('s') },
          { name: 'note\u017f.txt', data: text('long s') },
        ],
      });
    case 'escape-name':
      return bundle([ok], { extra: [{ name: 'x\u001b[2J.txt', data: text('x') }] });
    case 'encrypted':
      return bundle([ok, { name: 'secret.txt', data: text('s'), flags: 0x801 }]);
    case 'crc-mismatch':
      return bundle([{ ...ok, crc: 0x12345678 }]);
    case 'manifest-duplicate-key':
      return bundle([ok], {
        manifestText: '{"cycle_id": "hostile", "files": [], "files": [{"path": "ok.txt"}]}',
      });
    case 'not-a-zip':
      return text('%PDF-1.7 not a zip at all\n'.repeat(20));
    case 'truncated': {
      const whole = bundle([ok, { name: 'big.txt', data: Buffer.alloc(64 * 1024, 0x61) }]);
      return whole.subarray(0, Math.floor(whole.length / 2));
    }
    case 'empty':
      return Buffer.alloc(0);
    default:
      throw new Error(`unknown zip kind ${kind}`);
  }
}

/**
 * Every entry under `dir`: a file by its SHA-256, a link by its target, anything else by its type.
 * Big sparse files hash quickly; FIFOs are never opened.
 */
export async function snapshot(
  dir: string,
  skip: (rel: string) => boolean = () => false,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const abs = path.join(e.parentPath, e.name);
    const rel = path.relative(dir, abs);
    if (skip(rel)) continue;
    const st = await lstat(abs);
    if (st.isSymbolicLink()) out[rel] = `link -> ${await readlink(abs)}`;
    else if (st.isFile())
      out[rel] = `${st.size} ${createHash('sha256')
        .update(await readFile(abs))
        .digest('hex')}`;
    else out[rel] = st.isDirectory() ? 'dir' : 'special';
  }
  return out;
}
