/** performance-intake-report.json: period order, unique services, known services of sources and pain points. */
import { pointerOf } from '../../diagnostics.ts';
import { duplicates, type Rule } from './context.ts';

export const intakeRule: Rule = ({ r, valid, known }) => {
  const a = valid['performance-intake-report'];
  if (!a) return;
  const intake = a.data;
  if (Date.parse(intake.period.end) < Date.parse(intake.period.start)) {
    r.error(
      a,
      'intake.period',
      '/period/end',
      `Unexpected period end ${intake.period.end} before its start ${intake.period.start}`,
      'Set period.end at or after period.start.',
    );
  }
  for (const [i, name] of duplicates(intake.services, (s) => s.name)) {
    r.error(
      a,
      'intake.duplicate-service',
      pointerOf('services', i, 'name'),
      `Unexpected duplicate service \`${name}\``,
      'List each service once.',
    );
  }
  intake.telemetry_sources?.forEach((src, i) =>
    src.services.forEach((s, j) =>
      known(a, pointerOf('telemetry_sources', i, 'services', j), s, `telemetry source \`${src.name}\``),
    ),
  );
  intake.pain_points?.forEach((p, i) =>
    known(a, pointerOf('pain_points', i, 'service'), p.service, 'a pain point'),
  );
};
