/**
 * The global setup of every project (vitest.config.ts): removes, once the run is over, the renderers
 * its builds shared (`rendererSeeds` in test/site/build.ts).
 */
import { rm } from 'node:fs/promises';
import { rendererSeeds } from '../site/build.ts';

export default function setup(): () => Promise<void> {
  return () => rm(rendererSeeds(), { recursive: true, force: true });
}
