/** Shared loading for every command that reads a cycle: load and validate it. */
import { loadCycle, type LoadedCycle } from '../core/load/cycle.ts';
import { loadConfig, type LoadedConfig } from '../core/load/config.ts';
import { validateCycle, type ValidationResult } from '../core/validate/index.ts';
import { DEFAULT_ARTIFACTS, DEFAULT_CONFIG } from './defaults.ts';

export interface CycleOptions {
  artifacts?: string;
  config?: string;
  asOf?: string;
}

export interface CycleContext {
  artifactsDir: string;
  configFile: string;
  cycle: LoadedCycle;
  config: LoadedConfig;
  validation: ValidationResult;
}

export async function loadCycleContext(opts: CycleOptions, upstream = true): Promise<CycleContext> {
  const artifactsDir = opts.artifacts ?? DEFAULT_ARTIFACTS;
  const configFile = opts.config ?? DEFAULT_CONFIG;
  const cycle = await loadCycle(artifactsDir, { upstream });
  const config = await loadConfig(configFile);
  const validation = validateCycle(cycle, config);
  return { artifactsDir, configFile, cycle, config, validation };
}
