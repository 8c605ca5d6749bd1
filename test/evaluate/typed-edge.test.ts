/**
 * The typed edge between validation and evaluation (issue 24): validation hands on typed, branded
 * artifacts and config; evaluation takes only those, reads the config through its types and never
 * checks a schema again. The `expectTypeOf` and `@ts-expect-error` lines are checked by
 * `npm run typecheck` (an unused `@ts-expect-error` is itself an error, so each one fails the
 * typecheck if the type it guards were loosened); the import graph is checked here at run time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineCriterion } from '../../src/core/evaluate/criterion.ts';
import { kpiImprovement } from '../../src/core/evaluate/criteria/kpi-improvement.ts';
import { significance } from '../../src/core/evaluate/criteria/significance.ts';
import { evaluateCycle } from '../../src/core/evaluate/index.ts';
import type {
  EvaluationInput,
  GatesConfig,
  UnvalidatedInput,
  ValidArtifacts,
} from '../../src/core/evaluate/types.ts';
import type { ResolvedGatesConfig } from '../../src/core/types/artifacts.generated.ts';
import { validateEvaluationInput } from '../../src/core/validate/evaluation-input.ts';
import { defaultConfig, type ValidationResult } from '../../src/core/validate/index.ts';
import { base, criterionOf } from './base.ts';

describe('types', () => {
  it("a criterion's threshold is read from the typed GatesConfig", () => {
    expectTypeOf(kpiImprovement.threshold).parameter(0).toEqualTypeOf<GatesConfig>();
    expectTypeOf(kpiImprovement.threshold).returns.toEqualTypeOf<number>();
    // Where the schema lets the config leave it unset, the type says so.
    expectTypeOf(significance.threshold).returns.toEqualTypeOf<number | null>();
    expectTypeOf(kpiImprovement.threshold).toBeCallableWith(defaultConfig());
    // A config validation did not make (a plain object, even of the right shape) is refused.
    // @ts-expect-error: not a GatesConfig
    expectTypeOf(kpiImprovement.threshold).toBeCallableWith({});
    const unchecked: ResolvedGatesConfig = defaultConfig();
    // @ts-expect-error: the right shape, but validation did not hand it on
    expectTypeOf(kpiImprovement.threshold).toBeCallableWith(unchecked);
    defineCriterion({
      id: 'kpi_improvement',
      gate: 3,
      needs: [],
      reads: [],
      operator: '>=',
      unit: 'ratio',
      formula: '',
      // @ts-expect-error: a key the config schema does not have
      threshold: (c) => c.optimization.improvement_treshold,
      label: () => '',
      measure: () => ({ notEvaluable: 'typed' }),
    });
  });

  it('evaluation takes only what validation made', () => {
    expectTypeOf(evaluateCycle).parameter(0).toEqualTypeOf<EvaluationInput>();
    expectTypeOf<EvaluationInput['artifacts']>().toEqualTypeOf<ValidArtifacts>();
    expectTypeOf<ValidationResult['artifacts']>().toEqualTypeOf<ValidArtifacts>();
    expectTypeOf<ValidationResult['config']>().toEqualTypeOf<GatesConfig>();
    expectTypeOf(validateEvaluationInput).parameter(0).toEqualTypeOf<unknown>();
    expectTypeOf(validateEvaluationInput).returns.toEqualTypeOf<EvaluationInput>();
    expectTypeOf<UnvalidatedInput>().not.toExtend<EvaluationInput>();
    expectTypeOf(evaluateCycle).toBeCallableWith(validateEvaluationInput(base()));
    // @ts-expect-error: artifacts written by hand, never validated
    expectTypeOf(evaluateCycle).toBeCallableWith(base());
    const raw: unknown = base().artifacts;
    // @ts-expect-error: unknown artifacts
    expectTypeOf(evaluateCycle).toBeCallableWith({ ...validateEvaluationInput(base()), artifacts: raw });
  });

  it('the typed result is what validation accepted: a schema-invalid artifact is absent, and said so', () => {
    const input = base();
    (input.artifacts['reviewer-signoff'] as { reviews: unknown }).reviews = 'none';
    (input.config.optimization as { improvement_threshold: unknown }).improvement_threshold = '15 %';
    const diagnostics: ValidationResult['diagnostics'] = [];
    const valid = validateEvaluationInput(input, diagnostics);
    expect(valid.artifacts['reviewer-signoff']).toBeUndefined();
    expect(valid.artifacts['distribution-log']).toBeDefined();
    // An invalid config is reported and the defaults are used, as for a config file.
    expect(valid.config).toEqual(defaultConfig());
    expect(diagnostics.map((d) => [d.code, d.file])).toEqual([
      ['config.type', 'config'],
      ['schema.type', 'reviewer-signoff.json'],
    ]);
    expect(criterionOf(evaluateCycle(valid), 'approval_completion').summary).toBe(
      'Not evaluable: reviewer-signoff.json failed validation.',
    );
  });
});

const ROOT = path.resolve(import.meta.dirname, '../..');
const EVALUATE = path.join(ROOT, 'src/core/evaluate');

/** The modules a file loads at run time: `import type` (and `export type`) is erased, anything else is not. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly)
      out.push((node.moduleSpecifier as ts.StringLiteral).text);
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly)
      out.push((node.moduleSpecifier as ts.StringLiteral).text);
    else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    )
      out.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Every module reached from `entries` at run time: files of this repository, and package names. */
function reached(entries: readonly string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of runtimeImports(file)) {
      if (spec.startsWith('.')) queue.push(path.resolve(path.dirname(file), spec));
      else packages.add(spec);
    }
  }
  return { files, packages };
}

describe('evaluation never checks a schema', () => {
  const entries = readdirSync(EVALUATE, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(EVALUATE, f));
  const { files, packages } = reached(entries);

  it('reads every module of src/core/evaluate, and follows them below (contract/)', () => {
    // 38 modules once what validate shares with evaluate moved to contract/ (issue 24 item 3).
    expect(entries.length).toBeGreaterThan(30);
    expect([...files].some((f) => f.includes(`${path.sep}contract${path.sep}`))).toBe(true);
    expect(files.has(path.join(EVALUATE, 'criterion.ts'))).toBe(true);
  });

  it('loads no ajv and no schema, directly or through what it imports', () => {
    expect([...packages].filter((p) => /^ajv(-formats)?(\/|$)/.test(p))).toEqual([]);
    const schemaCheck = ['schemas.ts', 'accept.ts', 'index.ts', 'evaluation-input.ts'].map((f) =>
      path.join(ROOT, 'src/core/validate', f),
    );
    expect([...files].filter((f) => schemaCheck.includes(f)).map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it('the guard sees an import of ajv where there is one', () => {
    const validate = reached([path.join(ROOT, 'src/core/validate/index.ts')]);
    expect(validate.packages.has('ajv/dist/2020.js')).toBe(true);
    expect(validate.files.has(path.join(ROOT, 'src/core/validate/schemas.ts'))).toBe(true);
  });
});
