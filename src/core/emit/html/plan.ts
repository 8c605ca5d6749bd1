/** Hypotheses with their outcome, and the optimization plan: expected vs achieved gain. */
import { formatImprovement, plain } from '../../format/index.ts';
import { h, type Html } from './h.ts';
import { col, none, tableBox, value, type OfflineModel } from './model.ts';
import { profileAnchor } from './profiles.ts';

const OUTCOME: Record<string, string> = {
  confirmed: '✔ confirmed',
  rejected: '✖ rejected',
  inconclusive: '? inconclusive',
  open: '◌ open',
};

function hypotheses(m: OfflineModel): Html {
  const list = m.details.hypotheses;
  const diffs = new Map((m.details.profiles?.diffs ?? []).map((d) => [d.service, d.id]));
  if (!list) return none('No valid hypothesis log.');
  return tableBox(
    'hyp-table',
    'Hypotheses and their outcome',
    [col('Id'), col('Hypothesis'), col('Outcome'), col('Owner · risk'), col('Tasks')],
    list.map((x) =>
      h(
        'tr',
        { 'data-hypothesis': x.id },
        h('th', { scope: 'row' }, x.id),
        h(
          'td',
          null,
          x.statement,
          x.validation ? h('span', { class: 'sub' }, `Validation: ${x.validation}`) : null,
        ),
        h('td', null, OUTCOME[x.status] ?? x.status),
        h(
          'td',
          null,
          x.owner ?? '—',
          h(
            'span',
            { class: 'sub' },
            `${x.risk ?? ''} risk${x.service ? ` · ${x.service}` : ''}`,
            x.service && diffs.has(x.service)
              ? [' · ', h('a', { href: `#${profileAnchor(diffs.get(x.service)!)}` }, 'profile change')]
              : null,
          ),
        ),
        h('td', null, x.tasks.join(', ') || '—'),
      ),
    ),
  );
}

function plan(m: OfflineModel): Html {
  const tasks = m.details.plan;
  if (!tasks) return none('No valid optimization plan yet.');
  return tableBox(
    'plan-table',
    [
      'Tasks: expected vs achieved gain ',
      h('span', { class: 'sub' }, 'Achieved is the improvement of the validated target of the task.'),
    ],
    [col('Task'), col('Service · KPI'), col('Status'), col('Expected', true), col('Achieved', true)],
    tasks.map((t) =>
      h(
        'tr',
        { 'data-task': t.id },
        h('th', { scope: 'row' }, t.id, h('span', { class: 'sub' }, t.title)),
        h(
          'td',
          null,
          `${t.service} · `,
          h('code', null, t.kpi),
          h(
            'span',
            { class: 'sub' },
            `${t.owner} · ${t.risk} risk${t.hypothesis ? ` · ${t.hypothesis}` : ''}`,
          ),
        ),
        h('td', null, t.status.replace('_', ' ')),
        h('td', { class: 'num' }, value(t.expected_gain_pct, `${plain(t.expected_gain_pct)} %`)),
        h('td', { class: 'num' }, value(t.achieved, formatImprovement(t.achieved))),
      ),
    ),
  );
}

/** Hypotheses with their outcome, then the plan: expected vs achieved gain per task. */
export function planSection(m: OfflineModel): Html {
  return h(
    'section',
    null,
    h('h2', { id: 'hypotheses' }, 'Hypotheses'),
    hypotheses(m),
    h('h2', { id: 'plan' }, 'Optimization plan'),
    plan(m),
  );
}
