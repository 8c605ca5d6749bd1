/** Where perfgate's own files are: the package root and the folder of its installed dependencies. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (holds `src/pages`, whether perfgate runs from its sources or from lib/). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The `node_modules` folder that holds Astro (and perfgate's other dependencies). */
export function dependencyFolder(): string {
  const astro = fileURLToPath(import.meta.resolve('astro'));
  const i = astro.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  return astro.slice(0, i + `${path.sep}node_modules`.length);
}
