import { describe, expect, it } from 'vitest';
import { outlierRange } from '../../src/site/chart-spec.ts';

describe('the value axis beside an outlier', () => {
  it('stops at 1.5 times the largest ordinary bar when one value is over five times it', () => {
    // The trial's cycle (issue 25): throughput +10,594 % beside latencies of a few tens of percent.
    expect(outlierRange([10594, 18.3, -4.2, 22.4, null])).toEqual({ min: -33.6, max: 33.6 });
    expect(outlierRange([-900, -20, -5])).toEqual({ min: -30, max: 0 });
  });

  it('leaves the axis alone when no value stands out that far, or there is nothing to compare', () => {
    expect(outlierRange([50, 12, 11])).toBeUndefined(); // 50 is under 5 × 12
    expect(outlierRange([10594])).toBeUndefined();
    expect(outlierRange([10594, 0])).toBeUndefined();
    expect(outlierRange([])).toBeUndefined();
  });
});
