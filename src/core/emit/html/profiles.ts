/**
 * The profiles' flame graphs, inline. Only SVG that perfgate drew is inlined: each graph is drawn
 * here from the raw profile the profiling report links (`../../history/profiles.ts`, the site's own
 * drawing, every frame name escaped as it is written). The SVG files of the cycle (`diagnostics/*.svg`)
 * are untrusted evidence (an SVG can carry script and load other files): they are linked, never inlined.
 */
import { formatWeight, pct } from '../../import/profile/format.ts';
import type { ProfileRecord } from '../../history/profiles.ts';
import { h, join, raw, type Html } from './h.ts';
import { col, fileLink, tableBox, type OfflineModel } from './model.ts';

/** The page id of a profile or a differential graph. */
export const profileAnchor = (id: string) => `profile-${id}`;

/** perfgate's SVG with its ids made unique in the page (several graphs share one document). */
function inlineSvg(svg: string, id: string): Html {
  return raw(
    svg
      .replace('aria-labelledby="fg-title fg-desc"', `aria-labelledby="${id}-title ${id}-desc"`)
      .replace('id="fg-title"', `id="${id}-title"`)
      .replace('id="fg-desc"', `id="${id}-desc"`),
  );
}

function topFrames(p: ProfileRecord): Html {
  return tableBox(
    `${profileAnchor(p.id)}-top`,
    `${p.service} · ${p.file}: functions with the most ${p.unit} spent in themselves`,
    [col('Frame'), col('Module'), col('Self', true), col('Self share', true)],
    p.top_self
      .slice(0, 10)
      .map((r) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, h('code', null, r.name)),
          h('td', null, r.module || '—'),
          h('td', { class: 'num' }, formatWeight(r.self, p.unit)),
          h('td', { class: 'num' }, pct(r.self, p.total)),
        ),
      ),
  );
}

/** Whether the cycle has profiles or flame-graph files to show. */
export function hasProfiles(m: OfflineModel): boolean {
  const set = m.details.profiles;
  return (set ? set.profiles.length + set.problems.length : 0) + m.flameGraphs.length > 0;
}

/** The profiles section (null without profiles or flame-graph files): perfgate's flame graphs inline, the files linked. */
export function profilesSection(m: OfflineModel): Html | null {
  if (!hasProfiles(m)) return null;
  const set = m.details.profiles ?? { profiles: [], diffs: [], problems: [] };
  const byId = new Map(set.profiles.map((p) => [p.id, p]));
  return h(
    'section',
    null,
    h('h2', { id: 'profiles' }, 'Profiles'),
    h(
      'p',
      { class: 'muted' },
      'Flame graphs drawn by perfgate from the raw profiles that profiling-report.md links: each rectangle is a function, as wide as its share of the total, callers above callees. The SVG files of the cycle are evidence and are linked from the manifest, not shown here.',
    ),
    set.profiles.map((p) =>
      h(
        'figure',
        { class: 'flame', id: profileAnchor(p.id) },
        h(
          'figcaption',
          null,
          h('strong', null, `${p.service} · ${p.phase ?? 'profile'}`),
          ': ',
          fileLink(m, p.file),
          `, a ${p.format} profile, total ${formatWeight(p.total, p.unit)}.`,
        ),
        inlineSvg(p.svg, `fg-${p.id}`),
        topFrames(p),
      ),
    ),
    set.diffs.map((d) =>
      h(
        'figure',
        { class: 'flame', id: profileAnchor(d.id) },
        h(
          'figcaption',
          null,
          h('strong', null, `${d.service} · baseline → after`),
          ': the after profile (',
          fileLink(m, byId.get(d.after)?.file ?? ''),
          ') in its own shape, each frame coloured by the change of its share against the baseline (',
          fileLink(m, byId.get(d.baseline)?.file ?? ''),
          '): red gained share, blue lost share, grey unchanged.',
        ),
        inlineSvg(d.svg, `fg-${d.id}`),
      ),
    ),
    set.problems.length > 0
      ? h(
          'ul',
          { class: 'small' },
          set.problems.map((x) => h('li', null, fileLink(m, x.file), `: ${x.message}`)),
        )
      : null,
    flameFiles(m),
  );
}

/** The flame-graph files the profiling report links (counted by gate 2): links to the evidence. */
function flameFiles(m: OfflineModel): Html | null {
  const files = [...new Set(m.flameGraphs)];
  if (files.length === 0) return null;
  return h(
    'p',
    { class: 'small' },
    'Flame-graph files of the cycle (evidence, opened as files): ',
    join(files.map((f) => fileLink(m, f))),
    '.',
  );
}
