/** The record part of the report: traceability matrix, evidence digests, validation diagnostics. */
import { code, fileLink, heading, para, tableOr, type Block, type Cell } from './md.ts';
import { type ReportModel } from './model.ts';
import { EVIDENCE_MANIFEST } from '../../artifacts.ts';

export function traceabilitySection(m: ReportModel): Block[] {
  const t = m.evaluation.traceability;
  return [
    heading(2, 'Traceability'),
    para(
      'Each cell names the criteria or transformation steps that connect the artifact to a gate or a downstream protocol.',
    ),
    tableOr(
      'No traceability rows.',
      ['Artifact', 'Role', 'Present', ...t.columns],
      t.rows.map((r): Cell[] => [
        code(r.artifact),
        r.role,
        r.present ? 'yes' : r.alternative ? `not needed (${r.alternative} present)` : 'no',
        ...t.columns.map((c) => (r.cells[c]?.length ? r.cells[c]!.join('; ') : null)),
      ]),
    ),
  ];
}

export function evidenceSection(m: ReportModel): Block[] {
  return [
    heading(2, 'Evidence'),
    para(
      'SHA-256 and size of every input and attachment when this report was generated. The generated files and their digests are listed in ',
      code(EVIDENCE_MANIFEST),
      '; check them with ',
      code('perfgate verify'),
      '.',
    ),
    tableOr(
      'No evidence files.',
      ['File', 'Role', 'Bytes', 'SHA-256'],
      m.evidence.map((e): Cell[] => [fileLink(e.path), e.role, e.bytes, code(e.sha256)]),
      [2],
    ),
    heading(3, 'Upstream artifacts'),
    tableOr(
      'No upstream artifacts found beside the cycle.',
      ['File', 'Protocol', 'Bytes', 'SHA-256'],
      m.upstream.map((u): Cell[] => [code(u.path), u.protocol, u.bytes, code(u.sha256)]),
      [1, 2],
    ),
  ];
}

export function diagnosticsListSection(m: ReportModel): Block[] {
  return [
    heading(2, 'Validation diagnostics'),
    tableOr(
      'No diagnostics: every artifact passed its schema and the cross-file rules.',
      ['Severity', 'Code', 'Where', 'Message', 'Hint'],
      m.diagnostics.map((d): Cell[] => [
        d.severity,
        code(d.code),
        code(`${d.file}${d.line !== undefined ? `:${d.line}` : ''}${d.pointer ? ` ${d.pointer}` : ''}`),
        d.message,
        d.hint,
      ]),
    ),
  ];
}
