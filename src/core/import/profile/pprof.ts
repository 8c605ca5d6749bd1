/** pprof protobuf (gzipped or not), decoded by `pprof-format`; the default sample type gives the weight. */
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { moduleOfFile, moduleOfName } from './modules.ts';
import { ProfileError, TreeBuilder, type Frame, type ProfileTree } from './model.ts';

/** Decodes a pprof file's bytes (gzip is detected by its magic number). */
export function parsePprof(bytes: Uint8Array): ProfileTree {
  let raw = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      raw = gunzipSync(bytes, { maxOutputLength: 512 * 1024 * 1024 });
    } catch (e) {
      throw new ProfileError(`the gzip stream is damaged (${(e as Error).message})`);
    }
  }
  let p: Profile;
  try {
    p = Profile.decode(raw);
  } catch (e) {
    throw new ProfileError(`not a pprof protobuf (${(e as Error).message})`);
  }
  const str = (i: number | bigint): string => p.stringTable.strings[Number(i)] ?? '';
  if (p.sampleType.length === 0) throw new ProfileError('the pprof profile declares no sample type');
  const wanted = Number(p.defaultSampleType) ? str(p.defaultSampleType) : '';
  let index = p.sampleType.findIndex((t) => str(t.type) === wanted);
  if (index < 0) index = p.sampleType.length - 1; // pprof's own default: the last sample type
  const type = p.sampleType[index]!;
  const functions = new Map(p.function.map((f) => [String(f.id), f]));
  const locations = new Map<string, Frame[]>();
  for (const loc of p.location) {
    // Lines of a location go innermost first (inlined callee before caller): reverse to outermost first.
    const frames = [...loc.line].reverse().map((l): Frame => {
      const fn = functions.get(String(l.functionId));
      const name = fn ? str(fn.name) || str(fn.systemName) : '';
      const file = fn ? str(fn.filename) : '';
      const label = name || `0x${BigInt(loc.address).toString(16)}`;
      return { name: label, module: file ? moduleOfFile(file) : moduleOfName(label) };
    });
    if (frames.length === 0) frames.push({ name: `0x${BigInt(loc.address).toString(16)}`, module: '' });
    locations.set(String(loc.id), frames);
  }
  const builder = new TreeBuilder();
  p.sample.forEach((s, i) => {
    const stack: Frame[] = [];
    for (let k = s.locationId.length - 1; k >= 0; k--) {
      const frames = locations.get(String(s.locationId[k]));
      if (!frames)
        throw new ProfileError(`sample ${i} names location ${String(s.locationId[k])}, which is not defined`);
      stack.push(...frames);
    }
    const v = Number(s.value[index] ?? 0);
    if (v < 0) throw new ProfileError(`sample ${i} has a negative value ${v}`);
    builder.add(stack, v);
  });
  return builder.finish('pprof', `${str(type.type) || 'value'}/${str(type.unit) || 'count'}`);
}
