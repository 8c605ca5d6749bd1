/** The statistics settings of the gate config, read once with their types. */
import { get, num } from '../safe.ts';

/** `optimization.confidence`: a level strictly between 0 and 1, else null (decide on the point estimate). */
export function confidenceOf(config: unknown): number | null {
  const c = num(get(config, 'optimization', 'confidence'));
  return c !== null && c > 0 && c < 1 ? c : null;
}

/** `optimization.improvement_threshold`, the change a target's runs must be able to detect. */
export function improvementThresholdOf(config: unknown): number | null {
  return num(get(config, 'optimization', 'improvement_threshold'));
}
