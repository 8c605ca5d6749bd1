/** profiling-report.md: known services; links stay in the cycle and point at files that exist. */
import { pointerOf } from '../../diagnostics.ts';
import type { Rule } from './context.ts';
import { resolveCycleLink } from './links.ts';

export const profilingRule: Rule = ({ r, valid, known, files }) => {
  const a = valid['profiling-report'];
  if (!a) return;
  a.data.sections.forEach((s, i) => {
    known(a, pointerOf('sections', i, 'service'), s.service, 'the section heading');
    s.links.forEach((url, j) => {
      const target = resolveCycleLink(url, a.file);
      const pointer = pointerOf('sections', i, 'links', j);
      if (target.kind === 'outside') {
        r.error(
          a,
          'link.outside-cycle',
          pointer,
          `Unexpected link \`${url}\` out of the cycle directory in section \`${s.service}\`: it is never followed`,
          'Copy the file into the cycle (e.g. diagnostics/) and link it with a relative path.',
        );
      } else if (target.kind === 'file' && !files.has(target.path)) {
        r.error(
          a,
          'attachment.missing',
          pointer,
          `Attachment \`${url}\` of section \`${s.service}\` not found in the cycle directory`,
          `Add the file at ${target.path} or fix the link.`,
        );
      }
    });
  });
};
