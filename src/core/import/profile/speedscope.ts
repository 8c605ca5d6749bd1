/** speedscope JSON: sampled and evented profiles; every profile of the file (one per thread) is merged. */
import { moduleOfFile, moduleOfName } from './modules.ts';
import { ProfileError, TreeBuilder, type Frame, type ProfileTree } from './model.ts';

interface SsFrame {
  name?: unknown;
  file?: unknown;
}

/** Parses the JSON value of a speedscope file (https://www.speedscope.app/file-format-schema.json). */
export function parseSpeedscope(data: unknown): ProfileTree {
  const doc = data as { shared?: { frames?: unknown }; profiles?: unknown };
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.profiles) || !Array.isArray(doc.shared?.frames))
    throw new ProfileError('expected a speedscope file: "profiles" and "shared.frames" arrays', {
      pointer: '',
    });
  const frames: Frame[] = (doc.shared.frames as SsFrame[]).map((f, i) => {
    if (!f || typeof f.name !== 'string')
      throw new ProfileError('expected a frame with a "name" string', { pointer: `/shared/frames/${i}` });
    const file = typeof f.file === 'string' ? f.file : '';
    return { name: f.name, module: file ? moduleOfFile(file) : moduleOfName(f.name) };
  });
  const frameAt = (i: unknown, pointer: string): Frame => {
    const f = typeof i === 'number' ? frames[i] : undefined;
    if (!f) throw new ProfileError(`frame index ${String(i)} is not in "shared.frames"`, { pointer });
    return f;
  };
  const builder = new TreeBuilder();
  const units = new Set<string>();
  (doc.profiles as (Record<string, unknown> | null)[]).forEach((p, pi) => {
    const at = `/profiles/${pi}`;
    if (typeof p !== 'object' || p === null || Array.isArray(p))
      throw new ProfileError('expected a profile object', { pointer: at });
    units.add(typeof p.unit === 'string' ? p.unit : 'none');
    if (p.type === 'sampled') {
      const samples = p.samples as unknown[][];
      const weights = p.weights as unknown[];
      if (!Array.isArray(samples) || !Array.isArray(weights) || samples.length !== weights.length)
        throw new ProfileError('expected "samples" and "weights" arrays of the same length', { pointer: at });
      samples.forEach((s, si) => {
        if (!Array.isArray(s))
          throw new ProfileError('expected an array of frame indexes', { pointer: `${at}/samples/${si}` });
        const w = weights[si];
        if (typeof w !== 'number' || !(w >= 0))
          throw new ProfileError('expected a non-negative weight', { pointer: `${at}/weights/${si}` });
        builder.add(
          s.map((f, k) => frameAt(f, `${at}/samples/${si}/${k}`)),
          w,
        );
      });
    } else if (p.type === 'evented') {
      addEvented(builder, p.events, at, frameAt);
    } else {
      throw new ProfileError(`expected "type" "sampled" or "evented", got ${JSON.stringify(p.type)}`, {
        pointer: `${at}/type`,
      });
    }
  });
  if (units.size > 1)
    throw new ProfileError(
      `the profiles use different units (${[...units].sort().join(', ')}); perfgate cannot add them`,
      {
        pointer: '/profiles',
      },
    );
  return builder.finish('speedscope', [...units][0] ?? 'none');
}

function addEvented(
  builder: TreeBuilder,
  events: unknown,
  at: string,
  frameAt: (i: unknown, pointer: string) => Frame,
): void {
  if (!Array.isArray(events))
    throw new ProfileError('expected an "events" array', { pointer: `${at}/events` });
  const stack: { index: unknown; frame: Frame }[] = [];
  let last: number | undefined;
  events.forEach((raw, ei) => {
    const e = raw as { type?: unknown; at?: unknown; frame?: unknown };
    const pointer = `${at}/events/${ei}`;
    if (typeof e.at !== 'number' || (last !== undefined && e.at < last))
      throw new ProfileError('expected "at" to be a number that never goes back in time', { pointer });
    if (last !== undefined && stack.length > 0)
      builder.add(
        stack.map((s) => s.frame),
        e.at - last,
      );
    last = e.at;
    if (e.type === 'O') stack.push({ index: e.frame, frame: frameAt(e.frame, `${pointer}/frame`) });
    else if (e.type === 'C') {
      if (stack.at(-1)?.index !== e.frame)
        throw new ProfileError(`closes frame ${String(e.frame)}, which is not the innermost open frame`, {
          pointer,
        });
      stack.pop();
    } else throw new ProfileError(`expected "type" "O" or "C", got ${JSON.stringify(e.type)}`, { pointer });
  });
  if (stack.length > 0)
    throw new ProfileError(`${stack.length} frames are never closed`, { pointer: `${at}/events` });
}
