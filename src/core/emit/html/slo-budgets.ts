/**
 * The SLO error budgets, as the site's cycle page shows them (the core's `cycleSloBudgets`): each
 * objective's bad-event share before and after, the budget it would consume over the SLO's window,
 * the burn rate and when the budget runs out; what cannot be computed, and why; document problems.
 */
import { objectiveText, sideText } from '../../slo/text.ts';
import { h, type Html } from './h.ts';
import { col, fileLink, none, tableBox, type OfflineModel } from './model.ts';

/** The SLO budgets section, or null when the cycle has no OpenSLO documents. */
export function sloBudgetsSection(m: OfflineModel): Html | null {
  const s = m.sloBudgets;
  if (!s) return null;
  return h(
    'section',
    { class: 'slo-budgets' },
    h('h2', { id: 'slo-budgets' }, 'SLO error budgets'),
    h(
      'p',
      { class: 'muted' },
      'From the OpenSLO documents in slos/: the share of bad requests in the service’s load runs before and after, and the error budget that rate would consume over the SLO’s window (burn rate 1 uses exactly the budget).',
    ),
    s.budgets.length === 0
      ? none('No SLO that perfgate can compute (see the problems below).')
      : tableBox(
          'slo-budgets-caption',
          'Error budget use, before and after',
          [col('SLO · objective'), col('Before'), col('After')],
          s.budgets.map((b) =>
            h(
              'tr',
              { 'data-slo-budget': b.slo },
              h(
                'th',
                { scope: 'row' },
                b.slo,
                h('span', { class: 'sub' }, `${b.service}: ${objectiveText(b)}`),
                h('span', { class: 'sub' }, fileLink(m, b.file)),
              ),
              [b.before, b.after].map((side) =>
                h(
                  'td',
                  {
                    class:
                      side.status === 'computed'
                        ? side.budget_consumed >= 1
                          ? 'delta-bad'
                          : undefined
                        : 'muted',
                  },
                  sideText(side, b),
                ),
              ),
            ),
          ),
        ),
    s.diagnostics.length > 0
      ? h(
          'ul',
          { class: 'small' },
          s.diagnostics.map((d) =>
            h(
              'li',
              { 'data-slo-diagnostic': d.code },
              h('code', null, `${d.file}${d.line ? `:${d.line}` : ''}`),
              ` ${d.severity}: ${d.message}. `,
              h('span', { class: 'muted' }, d.hint),
            ),
          ),
        )
      : null,
  );
}
