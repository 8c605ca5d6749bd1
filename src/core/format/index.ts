/** Every number perfgate shows, formatted in one place for the CLI, the report and the site. */
export { formatBytes } from './bytes.ts';
export { display, exact, fixed, grouped, plain, relation, round12, signed } from './number.ts';
export { formatImprovement, regressionWords } from './percent.ts';
export { formatP, formatPAgainst } from './p-value.ts';
export { MISSING, formatAgainst, formatMargin, formatThreshold, formatValue, type Unit } from './units.ts';
export { formatKpiValue, kpiUnit } from './kpi.ts';
