/** The `kpis:` directions of a recorded evaluation's config, read defensively (an archive is not validated). */
import type { ResolvedKpiDirections } from '../types/artifacts.generated.ts';

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** The config's own `kpis` mapping, or none when the recorded config has no usable one. */
export function recordedKpis(config: unknown): ResolvedKpiDirections {
  if (!isRecord(config) || !Object.hasOwn(config, 'kpis')) return {};
  const kpis = config.kpis;
  return isRecord(kpis) ? (kpis as ResolvedKpiDirections) : {};
}
