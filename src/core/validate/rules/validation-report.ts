/** optimization-validation-report.json: known services, tasks of the plan. */
import { pointerOf } from '../../diagnostics.ts';
import type { Rule } from './context.ts';

export const validationReportRule: Rule = ({ r, valid, known }) => {
  const valA = valid['optimization-validation-report'];
  if (valA) {
    const report = valA.data;
    const tasks = valid['optimization-plan']?.data.tasks;
    const taskIds = tasks ? new Set(tasks.map((t) => t.id)) : undefined;
    report.targets?.forEach((t, i) => {
      known(valA, pointerOf('targets', i, 'service'), t.service, `target ${t.kpi}`);
      if (t.task !== undefined && taskIds && !taskIds.has(t.task)) {
        r.error(
          valA,
          'ref.unknown-task',
          pointerOf('targets', i, 'task'),
          `Unexpected task \`${t.task}\` in target ${t.service}/${t.kpi}: it is not in optimization-plan.json`,
          'Reference a task id of the optimization plan.',
        );
      }
    });
    report.monitored?.forEach((m, i) =>
      known(valA, pointerOf('monitored', i, 'service'), m.service, `monitored KPI ${m.kpi}`),
    );
  }
};
