/**
 * The part size of multipart uploads (store/objects.ts): S3's smallest part (5 MiB) while a file fits
 * S3's 10,000 parts in it, else the whole MiB that does. Expected values worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { partBytesFor } from '../../src/core/store/objects.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('part size', () => {
  it("is 5 MiB up to 10,000 x 5 MiB (48.8 GiB), the size that keeps an upload's memory lowest", () => {
    expect(partBytesFor(0)).toBe(5 * MiB);
    expect(partBytesFor(GiB)).toBe(5 * MiB);
    expect(partBytesFor(10_000 * 5 * MiB)).toBe(5 * MiB);
  });

  it('grows by whole MiB past that, so that no file needs more than 10,000 parts', () => {
    // 100 GiB / 10,000 = 10.24 MiB: 11 MiB parts, 9,310 of them.
    expect(partBytesFor(100 * GiB)).toBe(11 * MiB);
    expect(partBytesFor(10_000 * 5 * MiB + 1)).toBe(6 * MiB);
    for (const bytes of [49 * GiB, 100 * GiB, 1024 * GiB, 5 * 1024 * GiB])
      expect(Math.ceil(bytes / partBytesFor(bytes))).toBeLessThanOrEqual(10_000);
  });
});
