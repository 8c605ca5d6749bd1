/**
 * How to verify the bundle this page came in: the evidence page's steps, adapted to a reader who
 * holds the zip (or its extracted files) and maybe neither the site nor perfgate. The page cannot
 * carry the bundle's own SHA-256 (it is inside the bundle): it says where that anchor is published.
 */
import { h, type Html } from './h.ts';
import type { OfflineModel } from './model.ts';
import { EVIDENCE_MANIFEST } from '../../artifacts.ts';

const BUNDLE = 'performance-evidence-bundle.zip';
const pre = (cmd: string) => h('pre', null, h('code', null, cmd));

/** The steps that verify the bundle this page came in, and what the record is. */
export function verifySection(m: OfflineModel): Html {
  return h(
    'section',
    null,
    h('h2', { id: 'verify' }, 'How to verify this bundle'),
    h(
      'p',
      null,
      'This page is a rendering for people. The record is the JSON files beside it: ',
      h('code', null, 'validation-report.json'),
      ' (the decision), ',
      h('code', null, 'gate-config.json'),
      ' (the thresholds it was decided with) and ',
      h('code', null, EVIDENCE_MANIFEST),
      ' (the SHA-256 of every file, this page included). Check them, not this page:',
    ),
    h(
      'ol',
      null,
      h(
        'li',
        null,
        'Compare the SHA-256 of the zip this page came in with the value published outside it (the site’s evidence page of the cycle, its ',
        h('code', null, 'chain.json'),
        ', or the CI job summary). A bundle edited together with its checksums passes the next steps, never this one:',
        pre(`sha256sum ${BUNDLE}`),
      ),
      h(
        'li',
        null,
        'Check the bundle against its manifest (every file, its strict zip layout, and the published digest):',
        pre(`perfgate verify ${BUNDLE} --expect-sha256 <published SHA-256>`),
      ),
      h(
        'li',
        null,
        'Or without perfgate, check every extracted file with the checksums the bundle carries (this page is among them):',
        pre(`unzip ${BUNDLE} -d evidence && cd evidence && sha256sum -c SHA256SUMS`),
      ),
      h(
        'li',
        null,
        'Check that the decision follows from the evidence: perfgate re-decides the cycle from its own files and frozen config, and names every difference:',
        pre(`perfgate verify ${BUNDLE} --recompute`),
      ),
      m.signed
        ? h(
            'li',
            null,
            'The decision was signed: with the team’s published public key and ',
            h('code', null, 'performance-evidence.intoto.json'),
            ' (published beside the bundle, not inside it), check the signature:',
            pre(`perfgate verify ${BUNDLE} --key pub.pem`),
          )
        : null,
      m.previousManifestSha256
        ? h(
            'li',
            null,
            'In an archive, the chain links this cycle to the one before it: ',
            pre('perfgate verify content/cycles --expect-sha256 <published chain head>'),
          )
        : null,
    ),
  );
}
