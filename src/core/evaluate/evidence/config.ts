/** The statistics settings of the gate config. */
import type { GatesConfig } from '../types.ts';

/** `optimization.confidence`: a level strictly between 0 and 1, else null (decide on the point estimate). */
export function confidenceOf(config: GatesConfig): number | null {
  const c = config.optimization.confidence;
  return c !== null && c > 0 && c < 1 ? c : null;
}

/** `optimization.improvement_threshold`, the change a target's runs must be able to detect. */
export function improvementThresholdOf(config: GatesConfig): number {
  return config.optimization.improvement_threshold;
}
