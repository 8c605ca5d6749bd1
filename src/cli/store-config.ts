/** The object store named by the gate config (its `evidence` section), for the commands that use one. */
import type { Diagnostic } from '../core/diagnostics.ts';
import { loadConfig } from '../core/load/config.ts';
import { storeConfig, type StoreConfig } from '../core/store/config.ts';
import { resolveConfig } from '../core/validate/index.ts';
import { PerfgateError } from '../core/errors.ts';

/** The store of `configFile`, undefined without an `evidence` section; a broken config is an error (exit 2). */
export async function readStoreConfig(configFile: string): Promise<StoreConfig | undefined> {
  const loaded = await loadConfig(configFile);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const config = resolveConfig(loaded, diagnostics);
  const broken = diagnostics.find((d) => d.severity === 'error' || d.severity === 'critical');
  if (broken)
    throw new PerfgateError(
      `The config ${loaded.file} is invalid: ${broken.message}${broken.line ? ` (line ${broken.line})` : ''}`,
      broken.hint,
    );
  return storeConfig(config.evidence);
}

/** Like readStoreConfig, but a missing `evidence.store` is an error naming the key to add. */
export async function requireStoreConfig(configFile: string): Promise<StoreConfig> {
  const store = await readStoreConfig(configFile);
  if (!store)
    throw new PerfgateError(
      `No object store configured: ${configFile} has no evidence.store`,
      'Add to the config e.g. `evidence: { store: s3://my-bucket/perfgate }` (with `endpoint`, `region` and `force_path_style: true` for MinIO, R2 or Ceph); credentials come from the usual AWS environment, never from the config.',
    );
  return store;
}
