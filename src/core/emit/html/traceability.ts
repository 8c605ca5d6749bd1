/** The traceability matrix: every input and output against the gates that read it and the protocols it feeds. */
import { h, type Html } from './h.ts';
import { fileLink, type OfflineModel } from './model.ts';

const STEP = /^step (\d+): (.+)$/;
const columnName = (c: string) =>
  c.replace(/^gate-(\d)$/, 'Gate $1').replace(/^protocol-(\d+)$/, 'Protocol $1');
/** Criterion ids may break after their underscores, so the matrix fits a laptop screen. */
const breakable = (s: string) => s.split(/(?<=_)/).map((part, i) => (i > 0 ? [h('wbr', null), part] : part));

/** The traceability matrix and the legend of its transformation steps. */
export function traceabilitySection(m: OfflineModel): Html {
  const t = m.evaluation.traceability;
  const gates = t.columns.filter((c) => c.startsWith('gate-'));
  const protocols = t.columns.filter((c) => c.startsWith('protocol-'));
  const steps = new Map<string, string>();
  for (const r of t.rows)
    for (const c of t.columns)
      for (const s of r.cells[c] ?? []) {
        const x = STEP.exec(s);
        if (x) steps.set(x[1]!, x[2]!);
      }
  const stepList = [...steps].sort(([a], [b]) => Number(a) - Number(b));
  const cell = (items: readonly string[]) =>
    h(
      'td',
      null,
      items.length > 0
        ? h(
            'ul',
            null,
            items.map((s) => {
              const x = STEP.exec(s);
              return h(
                'li',
                null,
                x ? h('a', { class: 'step', href: `#step-${x[1]}` }, `Step ${x[1]}`) : breakable(s),
              );
            }),
          )
        : h(
            'span',
            { class: 'muted' },
            h('span', { 'aria-hidden': 'true' }, '—'),
            h('span', { class: 'sr-only' }, 'none'),
          ),
    );
  return h(
    'section',
    null,
    h('h2', { id: 'traceability' }, 'Traceability'),
    h(
      'p',
      { class: 'muted' },
      'Every upstream input, artifact and generated output, against the gates that read it and the downstream protocols it feeds. A cell names the criteria or the transformation step connecting them.',
    ),
    h(
      'div',
      { class: 'table-wrap', role: 'region', 'aria-labelledby': 'trace-caption', tabindex: 0 },
      h(
        'table',
        { class: 'trace' },
        h('caption', { id: 'trace-caption' }, `Traceability of cycle ${m.cycleId ?? 'unknown'}`),
        h(
          'colgroup',
          null,
          h('col', { class: 'artifact' }),
          h('col', { class: 'present' }),
          gates.map(() => h('col', { class: 'gate' })),
          protocols.map(() => h('col', { class: 'protocol' })),
        ),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col', rowspan: 2 }, 'Artifact'),
            h('th', { scope: 'col', rowspan: 2 }, 'Present'),
            h('th', { scope: 'colgroup', colspan: gates.length }, 'Read by gate'),
            protocols.length > 0
              ? h('th', { scope: 'colgroup', colspan: protocols.length }, 'Feeds protocol')
              : null,
          ),
          h(
            'tr',
            null,
            t.columns.map((c) => h('th', { scope: 'col' }, columnName(c))),
          ),
        ),
        h(
          'tbody',
          null,
          t.rows.map((r) =>
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, fileLink(m, r.artifact), h('span', { class: 'sub' }, r.role)),
              h(
                'td',
                null,
                r.present
                  ? 'yes'
                  : r.alternative
                    ? h(
                        'span',
                        { class: 'muted' },
                        'not needed: ',
                        h('code', null, r.alternative.split('/').at(-1) ?? ''),
                        ' is present',
                      )
                    : h('span', { class: 'muted' }, 'missing'),
              ),
              t.columns.map((c) => cell(r.cells[c] ?? [])),
            ),
          ),
        ),
      ),
    ),
    stepList.length > 0
      ? [
          h('h3', { id: 'steps' }, 'Transformation steps'),
          h(
            'dl',
            { class: 'trace-steps' },
            stepList.map(([n, text]) => [h('dt', { id: `step-${n}` }, `Step ${n}`), h('dd', null, text)]),
          ),
        ]
      : null,
  );
}
