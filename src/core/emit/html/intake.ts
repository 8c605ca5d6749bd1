/** The intake: the services in scope (critical, prioritized), the telemetry sources and the pain points. */
import { h, type Html } from './h.ts';
import { col, none, tableBox, type OfflineModel } from './model.ts';
import { dateTime } from './words.ts';

const yes = (b: boolean) => (b ? 'yes' : 'no');

/** The intake section: what the gates count services and telemetry against. */
export function intakeSection(m: OfflineModel): Html {
  const intake = m.details.intake;
  const head = h('h2', { id: 'intake' }, 'Intake');
  if (!intake) return h('section', null, head, none('No valid performance intake report.'));
  return h(
    'section',
    null,
    head,
    h('p', { class: 'muted' }, `Intake generated ${dateTime(intake.generated_at)}.`),
    tableBox(
      'services-table',
      'Services in scope',
      [col('Service'), col('Critical'), col('Prioritized'), col('Owner')],
      intake.services.map((s) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, s.name),
          h('td', null, yes(s.critical)),
          h('td', null, yes(s.prioritized)),
          h('td', null, s.owner ?? '—'),
        ),
      ),
    ),
    tableBox(
      'telemetry-table',
      'Telemetry sources',
      [col('Source'), col('Kind'), col('Services')],
      intake.telemetry.map((t) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, t.name),
          h('td', null, t.kind),
          h('td', null, t.services.join(', ')),
        ),
      ),
    ),
    intake.pain_points.length > 0
      ? [
          h('h3', { id: 'pain-points' }, 'Pain points'),
          h(
            'ul',
            null,
            intake.pain_points.map((p) => h('li', null, h('strong', null, p.service), `: ${p.symptom}`)),
          ),
        ]
      : null,
  );
}
