/**
 * The layer rule of `npm run lint` (.dependency-cruiser.cjs) fires: on a copy of src/ in a temporary
 * folder, an import that runs back up, a type-only one, an import of a folder no layer names and one
 * the cruiser cannot resolve each fail with their rule's name. src/ itself is never touched.
 */
import { execFile } from 'node:child_process';
import { appendFile, cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const DEPCRUISE = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');

let copy: string;

/** Runs the lint's depcruise command in the copy: its exit code and what it printed. */
async function depcruise(): Promise<{ code: number; out: string }> {
  const args = [DEPCRUISE, '--config', '.dependency-cruiser.cjs', '--output-type', 'err', 'src'];
  try {
    const r = await promisify(execFile)(process.execPath, args, { cwd: copy });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

beforeAll(async () => {
  copy = await mkdtemp(path.join(os.tmpdir(), 'perfgate-layers-'));
  await cp(path.join(ROOT, 'src'), path.join(copy, 'src'), { recursive: true });
  for (const file of ['tsconfig.json', '.dependency-cruiser.cjs'])
    await cp(path.join(ROOT, file), path.join(copy, file));
  await symlink(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
});

afterAll(async () => {
  if (copy) await rm(copy, { recursive: true, force: true });
});

describe('the layer rule', () => {
  it('passes src/ as it is', async () => {
    const { code, out } = await depcruise();
    expect(out).toContain('no dependency violations found');
    expect(code).toBe(0);
  });

  it('fails on an import that runs back up, names its rule and both files', async () => {
    // validate sits below evaluate; load below both (and a type-only import counts).
    await appendFile(
      path.join(copy, 'src/core/validate/cap.ts'),
      "import { GATES } from '../evaluate/gates.ts';\nexport const gateCount = GATES.length;\n",
    );
    await appendFile(
      path.join(copy, 'src/core/load/text.ts'),
      "import type { GateSpec } from '../evaluate/gates.ts';\nexport type Spec = GateSpec;\n",
    );
    // A folder no layer names, and a relative import the cruiser cannot resolve.
    await mkdir(path.join(copy, 'src/core/elsewhere'));
    await writeFile(path.join(copy, 'src/core/elsewhere/x.ts'), 'export const x = 1;\n');
    await appendFile(
      path.join(copy, 'src/core/sign/keys.ts'),
      "import { x } from '../elsewhere/x.ts';\nimport '../evaluate/no-such-file.ts';\nexport const y = x;\n",
    );
    const { code, out } = await depcruise();
    expect(code).not.toBe(0);
    expect(out).toContain('error layers-validate: src/core/validate/cap.ts → src/core/evaluate/gates.ts');
    expect(out).toContain('error layers-load: src/core/load/text.ts → src/core/evaluate/gates.ts');
    expect(out).toContain('error layers-unplaced: src/core/sign/keys.ts → src/core/elsewhere/x.ts');
    expect(out).toContain('error layers-unresolved: src/core/sign/keys.ts → ../evaluate/no-such-file.ts');
    expect(out).toContain('4 dependency violations');
  });
});
