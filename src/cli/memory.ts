/**
 * Keeps V8's young generation at its initial size for the whole CLI process (imported first, by
 * bin/perfgate.mjs, before any other module).
 *
 * perfgate streams gigabytes of evidence through Buffers (hashing, deflating, uploading). A Buffer's
 * bytes live outside the JavaScript heap and are freed when the young generation is next collected;
 * V8 grows that generation (to 16 MB per semi-space and more) as a process allocates, so collections
 * come rarely and tens of MB of spent Buffers wait for them. At its initial size it is collected
 * often and cheaply: `perfgate report` of 1 GiB peaked at 187-208 MB before and 136-145 MB after,
 * and ran about 6 % faster (npm run bench, 2026-12-07). This sets a growth factor, not a limit, and
 * never forces a collection. V8 reads the factor each time it would grow the generation, which is
 * why setting it after start works (Node's v8.setFlagsFromString); a V8 without the flag ignores it.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--semi-space-growth-factor=1');
