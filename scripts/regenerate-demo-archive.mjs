#!/usr/bin/env node
/**
 * Regenerates the demo's archive (content/cycles) from its sources with this perfgate (issue 25):
 * each archived cycle's own evidence (every file but the ones perfgate writes) is archived again, in
 * period order, by the real `perfgate archive`, at the cycle's frozen evaluation time and with the
 * config its frozen validation-report.json records, so that the cycle ids, the story and every
 * decision stay what they were while the words, reports, manifests, bundles and chain are this
 * version's. The cycle that was signed, and every later one (signing, once begun, continues), is
 * signed with the demo's key pair, content/keys/demo-signing.pem and .pub.pem: both halves are
 * public on purpose (content/keys/README.md), so that the demo's next cycle can be archived and the
 * archive regenerated to the same bytes (Ed25519 signatures are deterministic). Without the pair the
 * script makes one.
 *
 * The archive as it was before the first regeneration (cycles frozen before gate-config.json) is kept
 * as a test fixture, test/fixtures/archive-before-gate-config, for `verify --recompute` and the
 * record cache.
 *
 * Usage: node scripts/regenerate-demo-archive.mjs [--check]
 *   --check  regenerate into a scratch folder and compare decisions only; change nothing.
 * The archive is replaced only when every cycle was archived, the new archive verifies, and every
 * cycle re-decides as before (`perfgate verify --recompute`); otherwise nothing in the repository
 * changes. Exit 0 on success, 1 when a cycle decides differently, 2 when a step fails.
 */
import { execFileSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATED_FILES } from '../src/core/artifacts.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ARCHIVE = path.join(ROOT, 'content/cycles');
const KEY = path.join(ROOT, 'content/keys/demo-signing.pub.pem');
const PRIVATE_KEY = path.join(ROOT, 'content/keys/demo-signing.pem');
const CLI = path.join(ROOT, 'bin/perfgate.mjs');
const SIGNED = 'performance-evidence.intoto.json';
/** What perfgate writes into a cycle: never a source. */
const WRITTEN = new Set([...GENERATED_FILES, SIGNED]);
const check = process.argv.includes('--check');

const fail = (message, code = 2) => {
  process.stderr.write(`regenerate-demo-archive: ${message}\n`);
  process.exit(code);
};

/** Runs the real CLI in `cwd`; returns stdout, or stops with its output. */
function perfgate(args, cwd) {
  try {
    return execFileSync(process.execPath, [CLI, ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = /** @type {{ status: number, stdout: string, stderr: string }} */ (e);
    fail(`perfgate ${args.join(' ')} exited ${err.status}\n${err.stdout}${err.stderr}`);
  }
}

/** The archived cycles with what regenerating each needs, oldest period first. */
async function cycles() {
  const out = [];
  for (const id of (await readdir(ARCHIVE)).sort()) {
    if (id.startsWith('.') || id.endsWith('.json')) continue;
    const dir = path.join(ARCHIVE, id);
    const report = JSON.parse(await readFile(path.join(dir, 'validation-report.json'), 'utf8'));
    const intake = JSON.parse(await readFile(path.join(dir, 'performance-intake-report.json'), 'utf8'));
    if (intake.cycle_id !== id) fail(`${id}: its intake names cycle ${intake.cycle_id}`);
    if (typeof report.evaluated_at !== 'string' || typeof report.config !== 'object')
      fail(`${id}: validation-report.json records no evaluated_at or config to regenerate with`);
    const files = await readdir(dir);
    out.push({
      id,
      dir,
      end: intake.period?.end ?? '',
      at: report.evaluated_at,
      config: report.config,
      failed: (report.gates ?? []).some((g) => g.status === 'fail'),
      signed: files.includes(SIGNED),
    });
  }
  out.sort((a, b) => a.end.localeCompare(b.end) || a.id.localeCompare(b.id));
  // Signing, once begun, continues (verify refuses an unsigned cycle after a signed one whose manifest
  // records its key): every cycle from the first signed one on is signed.
  const first = out.findIndex((c) => c.signed);
  if (first >= 0) for (const c of out.slice(first)) c.signed = true;
  return out;
}

const list = await cycles();
if (list.length === 0) fail(`no archived cycles in ${ARCHIVE}`);
const scratch = await mkdtemp(path.join(os.tmpdir(), 'perfgate-demo-regen-'));
try {
  // The scratch repository: the demo's upstream folders (the same bytes the archived manifests record).
  for (const upstream of ['protocol-15', 'protocol-16', 'protocol-17'])
    await cp(path.join(ROOT, '.artifacts', upstream), path.join(scratch, '.artifacts', upstream), {
      recursive: true,
    });
  // The demo's key pair (public on purpose); a new one only when there is none.
  let privatePem;
  try {
    privatePem = await readFile(PRIVATE_KEY, 'utf8');
  } catch {
    privatePem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
  }
  const pub = createPublicKey(privatePem).export({ type: 'spki', format: 'pem' });
  const signKey = path.join(scratch, 'demo-signing.pem');
  await writeFile(signKey, privatePem, { mode: 0o600 });
  const active = path.join(scratch, '.artifacts/protocol-18');
  const config = path.join(scratch, 'config/protocol_gates/18.yaml');
  await mkdir(path.dirname(config), { recursive: true });
  for (const c of list) {
    await rm(active, { recursive: true, force: true });
    await mkdir(active, { recursive: true });
    for (const name of await readdir(c.dir))
      if (!WRITTEN.has(name)) await cp(path.join(c.dir, name), path.join(active, name), { recursive: true });
    // The config the cycle was decided with (its resolved form; JSON is YAML).
    await writeFile(config, `${JSON.stringify(c.config, null, 2)}\n`);
    perfgate(
      [
        'archive',
        '--as-of',
        c.at,
        ...(c.failed ? ['--allow-failed'] : []),
        ...(c.signed ? ['--sign-key', signKey] : []),
      ],
      scratch,
    );
    process.stdout.write(
      `archived ${c.id} as of ${c.at}${c.failed ? ' (failed gates)' : ''}${c.signed ? ' (signed)' : ''}\n`,
    );
  }
  await rm(signKey);
  const regenerated = path.join(scratch, 'content/cycles');
  await writeFile(path.join(scratch, 'demo-signing.pub.pem'), pub);
  perfgate(['verify', regenerated, '--key', path.join(scratch, 'demo-signing.pub.pem')], scratch);
  // Every decision is the one frozen before: the old archive re-decided by this perfgate (verify
  // --recompute) and the new one decided by it must agree gate by gate and criterion by criterion.
  const decisions = async (dir) => {
    const out = {};
    for (const c of list) {
      const r = JSON.parse(await readFile(path.join(dir, c.id, 'validation-report.json'), 'utf8'));
      out[c.id] = r.gates.map((g) => [g.gate, g.status, g.criteria.map((x) => [x.id, x.status, x.actual])]);
    }
    return JSON.stringify(out);
  };
  if ((await decisions(ARCHIVE)) !== (await decisions(regenerated)))
    fail(
      'a regenerated cycle decides differently from its frozen decision: the archive was left as it was',
      1,
    );
  if (check) {
    process.stdout.write(
      `--check: ${list.length} cycles regenerate with the same decisions; nothing changed\n`,
    );
  } else {
    const old = `${ARCHIVE}.old-${process.pid}`;
    await rename(ARCHIVE, old);
    await cp(regenerated, ARCHIVE, { recursive: true });
    await writeFile(KEY, pub);
    await writeFile(PRIVATE_KEY, privatePem);
    await rm(old, { recursive: true });
    process.stdout.write(
      `regenerated ${list.length} cycles into ${path.relative(ROOT, ARCHIVE)}; signed with ${path.relative(ROOT, PRIVATE_KEY)}\n`,
    );
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
