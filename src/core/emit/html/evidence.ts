/**
 * The evidence manifest as report.html shows it: every file with its role, the gates that read it,
 * its size and SHA-256, linked to its copy in the bundle; the upstream artifacts by their digests;
 * and the validation findings.
 */
import { formatBytes } from '../../format/index.ts';
import { plural } from '../../format/plural.ts';
import { h, type Html } from './h.ts';
import { col, fileLink, tableBox, type OfflineModel } from './model.ts';

function files(m: OfflineModel): Html {
  return tableBox(
    'evidence-caption',
    [
      `Files of ${m.cycleId ?? 'the cycle'} `,
      h(
        'span',
        { class: 'sub' },
        'As listed in evidence-manifest.json, which also lists this page; the manifest itself and the bundle cannot list their own digests.',
      ),
    ],
    [col('File'), col('Role · gates'), col('Size', true), col('SHA-256')],
    m.files.map((f) =>
      h(
        'tr',
        { 'data-path': f.path },
        h(
          'th',
          { scope: 'row' },
          fileLink(m, f.path, f.path),
          f.object
            ? h(
                'span',
                { class: 'sub' },
                'in object storage: ',
                h('code', null, f.object),
                f.pointer && f.pointer !== f.path
                  ? ['; the bundle holds its pointer, ', fileLink(m, f.pointer)]
                  : '',
              )
            : null,
        ),
        h(
          'td',
          null,
          f.role,
          f.gates.length > 0 ? h('span', { class: 'sub' }, `gates ${f.gates.join(', ')}`) : null,
        ),
        h('td', { class: 'num' }, h('data', { value: String(f.bytes) }, formatBytes(f.bytes))),
        h('td', { class: 'hash' }, f.sha256),
      ),
    ),
  );
}

function upstream(m: OfflineModel): Html {
  if (m.upstream.length === 0)
    return h('p', { class: 'muted' }, 'No upstream artifacts were found beside the cycle.');
  return tableBox(
    'upstream-caption',
    ['Upstream artifacts ', h('span', { class: 'sub' }, 'Recorded by their digests, not bundled.')],
    [col('File'), col('Protocol', true), col('Size', true), col('SHA-256')],
    m.upstream.map((u) =>
      h(
        'tr',
        null,
        h('th', { scope: 'row' }, h('code', null, u.path)),
        h('td', { class: 'num' }, String(u.protocol)),
        h('td', { class: 'num' }, h('data', { value: String(u.bytes) }, formatBytes(u.bytes))),
        h('td', { class: 'hash' }, u.sha256),
      ),
    ),
  );
}

function findings(m: OfflineModel): Html | null {
  const shown = m.diagnostics.filter((d) => d.severity !== 'info');
  if (shown.length === 0) return null;
  const count = (s: string) => shown.filter((d) => d.severity === s).length;
  return h(
    'section',
    { 'aria-labelledby': 'diagnostics' },
    h('h2', { id: 'diagnostics' }, 'Validation findings'),
    h('p', { class: 'muted' }, `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}.`),
    tableBox(
      'diag-table',
      'Diagnostics',
      [col('Severity'), col('File'), col('Message')],
      shown.map((d) =>
        h(
          'tr',
          null,
          h('td', null, d.severity),
          h(
            'td',
            null,
            h('code', null, `${d.file}${d.line ? `:${d.line}` : ''}`),
            d.pointer ? h('span', { class: 'sub' }, d.pointer) : null,
          ),
          h('td', null, d.message, d.hint ? h('span', { class: 'sub' }, d.hint) : null),
        ),
      ),
    ),
  );
}

/** The manifest section: files with digests, upstream artifacts, the chain link and the validation findings. */
export function evidenceSection(m: OfflineModel): Html {
  return h(
    'section',
    null,
    h('h2', { id: 'evidence' }, 'Evidence manifest'),
    h(
      'p',
      null,
      `${plural(m.files.length, 'file')} besides this page, each linked to its copy in this bundle. `,
      m.previousManifestSha256
        ? [
            'The previous archived cycle’s manifest (the archive chain) has SHA-256 ',
            h('code', { class: 'hash' }, m.previousManifestSha256),
            '.',
          ]
        : 'This cycle names no previous manifest: it starts the archive chain.',
    ),
    files(m),
    upstream(m),
    findings(m),
  );
}
