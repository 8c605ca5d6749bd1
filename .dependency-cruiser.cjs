/**
 * The folder layers of src/, lowest first (README.md, "How the code is laid out"). A module imports
 * only from its own layer or a lower one: an import that runs back up fails `npm run lint`
 * (rule `layers-<layer>`), and so does a module of src/ that no layer names (`layers-unplaced`), so
 * a new folder gets its place here. Type-only imports count too. `.astro` files are not read.
 */

/**
 * Each layer: its name and its paths from the repository root (regular expressions, anchored at
 * their start).
 * @type {[string, string[]][]}
 */
const LAYERS = [
  // Leaves: generated artifact types, the artifact table, diagnostics, the one error class, formatting,
  // small helpers.
  [
    'base',
    [
      'src/core/types/',
      'src/core/format/',
      'src/core/cache/',
      'src/core/(artifacts|diagnostic-codes|diagnostics|errors|time|slug|name-key|each-limit|retention)\\.ts$',
    ],
  ],
  // The only code that reads a cycle directory; Markdown rendered for people.
  ['load', ['src/core/load/', 'src/core/render-markdown\\.ts$']],
  // Hashing, zip reading and writing, the manifest's names, file names, errors.
  ['evidence', ['src/core/evidence/']],
  // The contract's rules that validation and evaluation share.
  ['contract', ['src/core/contract/']],
  ['validate', ['src/core/validate/']],
  ['evaluate', ['src/core/evaluate/']],
  ['decide', ['src/core/decide\\.ts$']],
  ['import', ['src/core/import/']],
  ['slo', ['src/core/slo/']],
  ['sign', ['src/core/sign/']],
  ['chain', ['src/core/chain/', 'src/core/retention-apply\\.ts$']],
  ['history', ['src/core/history/']],
  ['site', ['src/site/']],
  [
    'pages',
    ['src/pages/', 'src/components/', 'src/layouts/', 'src/content\\.config\\.ts$', 'src/env\\.d\\.ts$'],
  ],
  ['emit', ['src/core/emit/']],
  ['verify', ['src/core/verify/']],
  ['store', ['src/core/store/']],
  ['publish', ['src/core/publish/']],
  ['github', ['src/core/github/']],
  ['cli', ['src/cli/']],
];

/** @param {string[]} paths */
const anchored = (paths) => paths.map((p) => `^${p}`);
const everyLayer = LAYERS.flatMap(([, paths]) => anchored(paths));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...LAYERS.slice(0, -1).map(([name, paths], i) => ({
      name: `layers-${name}`,
      severity: 'error',
      comment: `${name} imports only from its own layer or a lower one (.dependency-cruiser.cjs lists them)`,
      from: { path: anchored(paths) },
      to: { path: LAYERS.slice(i + 1).flatMap(([, above]) => anchored(above)) },
    })),
    {
      name: 'layers-unplaced',
      severity: 'error',
      comment: 'every module of src/ belongs to a layer: add its folder to LAYERS in .dependency-cruiser.cjs',
      from: { path: '^src/', pathNot: everyLayer },
      to: {},
    },
    {
      name: 'layers-unplaced',
      severity: 'error',
      comment: 'every module of src/ belongs to a layer: add its folder to LAYERS in .dependency-cruiser.cjs',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: everyLayer },
    },
    {
      name: 'layers-unresolved',
      severity: 'error',
      comment:
        'a relative import the cruiser cannot resolve escapes every layer rule (tsc resolves it: check options)',
      from: { path: '^src/' },
      to: { couldNotResolve: true, path: '^[.]' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Imports end in `.ts` (allowImportingTsExtensions): the TypeScript config resolves them.
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
