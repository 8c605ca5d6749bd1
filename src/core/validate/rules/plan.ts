/** optimization-plan.json: unique task ids, known services, hypotheses of the log, existing dependencies. */
import { pointerOf } from '../../diagnostics.ts';
import { duplicates, nameList, type Rule } from './context.ts';

export const planRule: Rule = ({ r, valid, known }) => {
  const planA = valid['optimization-plan'];
  const tasks = planA ? planA.data.tasks : undefined;
  if (planA && tasks) {
    const ids = new Set(tasks.map((t) => t.id));
    const hypotheses = valid['hypothesis-log']?.data.hypotheses;
    const hypoIds = hypotheses ? new Set(hypotheses.map((h) => h.id)) : undefined;
    for (const [i, id] of duplicates(tasks, (t) => t.id))
      r.error(
        planA,
        'plan.duplicate-task',
        pointerOf('tasks', i, 'id'),
        `Unexpected duplicate task id \`${id}\``,
        'Number tasks uniquely (OPT-1, OPT-2, ...).',
      );
    tasks.forEach((t, i) => {
      known(planA, pointerOf('tasks', i, 'service'), t.service, `task ${t.id}`);
      if (t.hypothesis !== undefined && hypoIds && !hypoIds.has(t.hypothesis)) {
        r.error(
          planA,
          'ref.unknown-hypothesis',
          pointerOf('tasks', i, 'hypothesis'),
          `Unexpected hypothesis \`${t.hypothesis}\` in task ${t.id}: it is not in hypothesis-log.md`,
          `Use one of ${nameList([...hypoIds]) || '(none logged)'}, or log the hypothesis.`,
        );
      }
      t.depends_on?.forEach((d, j) => {
        if (!ids.has(d) || d === t.id)
          r.error(
            planA,
            'ref.unknown-task',
            pointerOf('tasks', i, 'depends_on', j),
            `Unexpected dependency \`${d}\` of task ${t.id}: ${d === t.id ? 'a task cannot depend on itself' : 'no such task in the plan'}`,
            'Reference another task id of optimization-plan.json.',
          );
      });
    });
  }
};
