/** The shape check of a frozen validation-report.json: schemas/outputs/validation-report.schema.json. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { SCHEMAS_DIR } from '../validate/schemas.ts';
import { parseRfc3339 } from '../time.ts';

let validate: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (validate) return validate;
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: false });
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (s: string) => /T/i.test(s) && parseRfc3339(s) !== undefined,
  });
  const file = path.join(SCHEMAS_DIR, 'outputs', 'validation-report.schema.json');
  validate = ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object);
  return validate;
}

/** The first way `data` departs from the schema (with its JSON pointer), or undefined when it fits. */
export function frozenReportProblem(data: unknown): { message: string; pointer: string } | undefined {
  const v = validator();
  if (v(data)) return undefined;
  const e = v.errors?.[0];
  if (!e) return { message: 'does not match its schema', pointer: '' };
  const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
  const expected = allowed
    ? `one of ${allowed.map((x) => JSON.stringify(x)).join(', ')}`
    : (e.message ?? 'another value').replace(/^must (be )?/, '');
  return {
    message: `unexpected value at \`${e.instancePath || '/'}\`: expected ${expected} (schemas/outputs/validation-report.schema.json)`,
    pointer: e.instancePath,
  };
}
