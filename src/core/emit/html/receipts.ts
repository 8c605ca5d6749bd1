/** Every gate's receipts: each criterion with its values, formula, counted items, evidence read, waivers, exceptions. */
import type { CriterionResult, GateResult } from '../../evaluate/types.ts';
import {
  formatAgainst,
  formatImprovement,
  formatMargin,
  formatThreshold,
  formatValue,
  plain,
} from '../../format/index.ts';
import { unitOf } from '../../evaluate/messages.ts';
import { criterionModule } from '../../evaluate/registry.ts';
import { h, join, type Child, type Html } from './h.ts';
import { badge, col, fileLink, tableBox, value, type OfflineModel } from './model.ts';
import { criterionAnchor, gateAnchor } from './verdict.ts';
import { day, humanize, operatorSign, PHASES } from './words.ts';

const cell = (v: unknown) =>
  v === null || v === undefined
    ? '—'
    : typeof v === 'number'
      ? plain(v)
      : typeof v === 'boolean'
        ? v
          ? 'yes'
          : 'no'
        : String(v);

function items(m: OfflineModel, c: CriterionResult): Html | null {
  if (c.items.length === 0) return null;
  const unit = criterionModule(c.id)?.itemUnit ?? unitOf(c);
  return tableBox(
    `items-${c.id}`,
    `${humanize(c.id)}: counted items (${c.items.filter((i) => i.counted).length} of ${c.items.length} counted)`,
    [col('Item'), col('Counted'), col('Value', true), col('Note'), col('Source')],
    c.items.map((it) =>
      h(
        'tr',
        null,
        h('th', { scope: 'row' }, h('span', { class: 'sub' }, it.kind), it.id),
        h('td', null, it.counted ? 'counted' : `not counted${it.note ? `: ${it.note}` : ''}`),
        typeof it.value === 'number'
          ? h('td', { class: 'num' }, value(it.value, formatValue(unit, it.value)))
          : h('td', null, cell(it.value)),
        h('td', null, it.counted ? (it.note ?? '') : ''),
        h(
          'td',
          { class: 'small' },
          it.file ? h('code', null, `${it.file}${it.pointer ?? ''}`) : null,
          it.from
            ? h(
                'span',
                { class: 'sub item-from' },
                `before: ${it.from.before}; after: ${it.from.after} `,
                join(
                  it.from.files.map((f) => fileLink(m, f)),
                  ' ',
                ),
              )
            : null,
        ),
      ),
    ),
  );
}

function receipt(m: OfflineModel, c: CriterionResult): Html {
  const unit = unitOf(c);
  const fact = (label: string, v: Child) => h('div', null, h('dt', null, label), h('dd', null, v));
  return h(
    'section',
    { class: 'receipt', id: criterionAnchor(c.id), 'data-criterion': c.id, 'data-status': c.status },
    h(
      'h4',
      null,
      humanize(c.id),
      ' ',
      badge(c.status),
      c.at_risk ? [' ', badge('pending', 'at risk: within the warning margin', 'at-risk')] : null,
    ),
    h('p', null, c.summary),
    h(
      'dl',
      { class: 'facts' },
      fact('Actual', value(c.actual, formatAgainst(unit, c.actual, c.threshold))),
      fact('Threshold', [
        `${operatorSign(c.operator)} `,
        value(c.threshold, formatThreshold(unit, c.threshold)),
      ]),
      fact('Margin', value(c.margin, formatMargin(unit, c.margin))),
      fact('Numerator', value(c.numerator, cell(c.numerator))),
      fact('Denominator', value(c.denominator, cell(c.denominator))),
    ),
    h('p', { class: 'formula' }, h('span', { class: 'sr-only' }, 'Formula: '), c.formula),
    items(m, c),
    c.evidence.length > 0
      ? [
          h('h5', null, 'Evidence read'),
          h(
            'ul',
            null,
            c.evidence.map((f) => h('li', null, fileLink(m, f))),
          ),
        ]
      : null,
    c.waivers.length > 0
      ? [
          h('h5', null, 'Waivers'),
          h(
            'ul',
            null,
            c.waivers.map((w) =>
              h(
                'li',
                { 'data-waiver': w.id },
                badge(w.state),
                ' ',
                h('strong', null, w.id),
                ` approved by ${w.approved_by}, expires ${day(w.expires_at)}: ${w.justification}`,
                w.note ? h('span', { class: 'sub' }, w.note) : null,
              ),
            ),
          ),
        ]
      : null,
    c.exceptions && c.exceptions.length > 0
      ? [
          h('h5', null, 'Signed exceptions'),
          h(
            'ul',
            null,
            c.exceptions.map((x) =>
              h(
                'li',
                null,
                `${x.service} · `,
                h('code', null, x.kpi),
                ': improvement ',
                value(x.improvement, formatImprovement(x.improvement)),
                `, approved by ${x.approved_by} on ${day(x.approved_at)}. Mitigation: ${x.mitigation}`,
              ),
            ),
          ),
        ]
      : null,
  );
}

function gate(m: OfflineModel, g: GateResult): Html {
  return h(
    'section',
    { 'aria-labelledby': gateAnchor(g), 'data-gate': g.name },
    h(
      'h3',
      { id: gateAnchor(g) },
      `Gate ${g.gate} · ${humanize(g.name)} `,
      badge(g.status, `${g.title}: ${g.status}`),
    ),
    g.status === 'pending'
      ? h(
          'p',
          { class: 'notice' },
          `${g.pending_reason ?? 'Waiting for its phase.'} The cycle has reached ${PHASES[m.evaluation.phase]}.`,
        )
      : g.criteria.map((c) => receipt(m, c)),
  );
}

/** Every gate's receipts, in the registry's order (what the site's gate pages show). */
export function receiptsSection(m: OfflineModel): Html {
  return h(
    'section',
    null,
    h('h2', { id: 'receipts' }, 'Gate receipts'),
    h(
      'p',
      { class: 'muted' },
      'A gate passes when all its criteria pass; it is waived when it would pass but for waived criteria. Each receipt shows the working: formula, numerator and denominator, every item counted and the evidence read.',
    ),
    m.evaluation.gates.map((g) => gate(m, g)),
  );
}
