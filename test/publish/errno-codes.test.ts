import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { errnoCodes } from '../../src/core/publish/astro.ts';

// The message rolldown gave when an 8 KiB file size limit stopped Vite's dependency optimisation
// (seen in CI on 2026-12-07): no `code`, only the Rust io error in the text.
const ROLLDOWN = `Error during dependency optimization:

Build failed with 1 error:

[UNHANDLEABLE_ERROR] Something went wrong inside rolldown, please report this problem at https://github.com/rolldown/rolldown/issues.
Failed to write file in /tmp/x/dist.perfgate-work-1/vite-cache/deps_temp_1/astro_n_aria-query.js

Caused by:
    File too large (os error 27)
`;

describe('the errno codes of a failed build', () => {
  it('reads the "(os error N)" of a native bundler as the errno it names, through wrapping causes', () => {
    const wrapped = new Error('Astro could not build', { cause: new Error(ROLLDOWN) });
    expect(errnoCodes(wrapped)).toEqual(['EFBIG']);
  });

  it('names each number as this machine’s errno table does', () => {
    for (const name of [
      'EPERM',
      'EIO',
      'EACCES',
      'ENFILE',
      'EMFILE',
      'EFBIG',
      'ENOSPC',
      'EROFS',
      'EDQUOT',
    ] as const) {
      const n = os.constants.errno[name];
      expect(errnoCodes(new Error(`boom (os error ${n})`)), name).toEqual([name]);
    }
  });

  it('keeps the codes Node sets, and reads nothing into unrelated numbers', () => {
    const e = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(errnoCodes(e)).toEqual(['ENOSPC']);
    expect(errnoCodes(new Error('took 27 ms (os error 9999)'))).toEqual([]);
  });
});
