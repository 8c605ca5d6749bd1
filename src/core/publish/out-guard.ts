/**
 * `build --out` is replaced wholesale by a build: it must never be, contain or lie inside a folder
 * of evidence (ARTIFACTS.md section 5), nor be the working directory or one of its parents.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { EmitError } from '../evidence/errors.ts';

export interface GuardedFolders {
  artifactsDir: string;
  archiveDir: string;
  configFile: string;
  cwd: string;
}

/** The real path of `p`, or of its nearest existing ancestor joined with the rest (links resolved). */
function real(p: string): string {
  const abs = path.resolve(p);
  const rest: string[] = [];
  for (let cur = abs; ; cur = path.dirname(cur)) {
    try {
      return path.join(realpathSync(cur), ...rest.reverse());
    } catch {
      if (path.dirname(cur) === cur) return abs;
      rest.push(path.basename(cur));
    }
  }
}

const within = (inner: string, outer: string) => inner === outer || inner.startsWith(outer + path.sep);

/** Throws when `out` would replace or sit inside evidence, the working tree or the config. */
export function checkOut(out: string, f: GuardedFolders): void {
  const o = real(out);
  const artifacts = real(f.artifactsDir);
  const protectedDirs: [string, string][] = [
    [artifacts, 'the artifacts folder'],
    ...['protocol-15', 'protocol-16', 'protocol-17'].map((p): [string, string] => [
      path.join(path.dirname(artifacts), p),
      `the upstream folder ${p}`,
    ]),
    [real(f.archiveDir), 'the archive'],
  ];
  const configFile = real(path.resolve(f.cwd, f.configFile));
  const configDir = path.dirname(configFile);
  const refuse = (what: string) => {
    throw new EmitError(
      `Refusing --out ${out}: it ${what}, and a build replaces its --out entirely`,
      'Use a dedicated folder such as dist/ (outside the cycle, its upstream folders, the archive and the config folder).',
    );
  };
  if (o === path.parse(o).root || within(real(f.cwd), o))
    refuse('is the working directory or one of its parents');
  // The config folder must survive, but --out may sit in it: a config at the project root is common.
  if (within(configDir, o))
    refuse(o === configDir ? "is the config file's folder" : "contains the config file's folder");
  if (within(o, configFile)) refuse('is the config file');
  for (const [dir, name] of protectedDirs) {
    if (within(dir, o)) refuse(o === dir ? `is ${name}` : `contains ${name}`);
    if (within(o, dir)) refuse(`lies inside ${name}`);
  }
}
