/** The report's SLO error budgets (ARTIFACTS.md section 8): each objective before and after. */
import { objectiveText, sideText } from '../../slo/text.ts';
import { code, heading, list, para, tableOr, type Block, type Cell } from './md.ts';
import type { ReportModel } from './model.ts';

export function sloBudgetSection(m: ReportModel): Block[] {
  const s = m.sloBudgets;
  if (!s) return [];
  const out: Block[] = [
    heading(2, 'SLO error budgets'),
    para(
      `From ${s.documents} OpenSLO document(s) in slos/: the share of bad requests in the load runs before and after, and the error budget it would consume over the SLO's window at that rate.`,
    ),
    tableOr(
      'No SLO that perfgate can compute.',
      ['SLO', 'Service', 'Objective', 'Before', 'After'],
      s.budgets.map((b): Cell[] => [
        b.slo,
        code(b.service),
        objectiveText(b),
        sideText(b.before, b),
        sideText(b.after, b),
      ]),
    ),
  ];
  if (s.diagnostics.length > 0)
    out.push(
      list(s.diagnostics.map((d) => `${d.file}${d.line ? `:${d.line}` : ''}: ${d.message} (${d.hint})`)),
    );
  return out;
}
