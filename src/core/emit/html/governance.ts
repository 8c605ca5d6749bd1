/** SLO changes, waivers, sign-offs, distribution and the improvement backlog. */
import { plain } from '../../format/index.ts';
import { h, type Html } from './h.ts';
import { badge, col, none, tableBox, type OfflineModel } from './model.ts';
import { day, humanize } from './words.ts';

const num = (x: number) => (Number.isFinite(x) ? plain(x) : '—');

function slo(m: OfflineModel): Html {
  const s = m.details.slo;
  if (!s) return none('No valid SLO update record yet.');
  const by =
    s.approvals.length > 0 ? ` by ${s.approvals.map((a) => `${a.name} (${a.role})`).join(', ')}` : '';
  return tableBox(
    'slo-table',
    ['SLO objectives before and after ', h('span', { class: 'sub' }, `Approval: ${s.status}${by}`)],
    [col('Service · SLI'), col('Before', true), col('After', true), col('Window'), col('Rationale')],
    s.changes.map((x) =>
      h(
        'tr',
        null,
        h('th', { scope: 'row' }, `${x.service} · `, h('code', null, x.sli)),
        h('td', { class: 'num' }, num(x.objective_before)),
        h('td', { class: 'num' }, num(x.objective_after)),
        h('td', null, x.window),
        h('td', null, x.rationale ?? '—'),
      ),
    ),
  );
}

function waivers(m: OfflineModel): Html {
  const w = m.details.waivers;
  if (!w || w.length === 0) return none('No waivers.');
  return tableBox(
    'waiver-table',
    'Gate waivers',
    [col('Waiver'), col('Criterion'), col('State'), col('Approved'), col('Justification')],
    w.map((x) =>
      h(
        'tr',
        { 'data-waiver': x.id },
        h('th', { scope: 'row' }, x.id),
        h('td', null, `Gate ${x.gate} · ${humanize(x.criterion)}`),
        h('td', null, badge(x.state)),
        h(
          'td',
          null,
          x.approved_by,
          h('span', { class: 'sub' }, `${day(x.approved_at)}, expires ${day(x.expires_at)}`),
        ),
        h(
          'td',
          null,
          x.justification,
          x.compensating_controls
            ? h('span', { class: 'sub' }, `Controls: ${x.compensating_controls}`)
            : null,
        ),
      ),
    ),
  );
}

function signoffs(m: OfflineModel): Html {
  const s = m.details.signoffs;
  if (!s) return none('No valid reviewer sign-off yet.');
  return h(
    'ul',
    { class: 'cards' },
    s.map((r) =>
      h(
        'li',
        { class: 'card', 'data-tone': r.decision === 'approved' ? 'pass' : 'fail' },
        h(
          'h3',
          null,
          r.reviewer,
          ' ',
          badge(r.decision === 'approved' ? 'pass' : 'fail', r.decision.replace('_', ' ')),
        ),
        h(
          'p',
          { class: 'muted small' },
          `${r.role} · `,
          h('time', { datetime: r.signed_at }, day(r.signed_at)),
        ),
        h('p', { class: 'small' }, r.rationale),
      ),
    ),
  );
}

function distribution(m: OfflineModel): Html {
  const d = m.details.distribution;
  if (!d) return none('No valid distribution log yet.');
  return h(
    'ul',
    null,
    d.map((x) =>
      h(
        'li',
        null,
        h('strong', null, x.group),
        ` via ${x.channel}, `,
        h('time', { datetime: x.delivered_at }, day(x.delivered_at)),
      ),
    ),
  );
}

/** SLO changes, waivers, sign-offs, distribution and backlog, as the cycle page shows them. */
export function governanceSection(m: OfflineModel): Html {
  const backlog = m.details.backlog;
  return h(
    'section',
    null,
    h('h2', { id: 'slo' }, 'SLO changes'),
    slo(m),
    h('h2', { id: 'waivers' }, 'Waivers'),
    waivers(m),
    h('h2', { id: 'signoffs' }, 'Sign-offs'),
    signoffs(m),
    h('h2', { id: 'distribution' }, 'Distribution'),
    distribution(m),
    backlog && backlog.length > 0
      ? [
          h('h2', { id: 'backlog' }, 'Improvement backlog'),
          h(
            'ul',
            null,
            backlog.map((b) =>
              h('li', null, b.action, b.consumer ? h('span', { class: 'muted' }, ` → ${b.consumer}`) : null),
            ),
          ),
        ]
      : null,
  );
}
