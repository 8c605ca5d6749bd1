#!/usr/bin/env node
// The composite action's step: evaluate the gates, write the step summary and annotations, build
// the site. Inputs come as INPUT_* environment variables (set by action.yml).
import { appendFileSync } from 'node:fs';
import { main } from '../src/cli/main.ts';
import { annotations, stepSummary } from '../src/core/github.ts';
import { displayPath } from '../src/cli/output.ts';

const input = (name, fallback) => {
  const v = process.env[`INPUT_${name.toUpperCase().replaceAll('-', '_')}`];
  return v === undefined || v === '' ? fallback : v;
};
const artifacts = input('artifacts', '.artifacts/protocol-18');
const archive = input('archive', 'content/cycles');
const config = input('config', 'config/protocol_gates/18.yaml');
const out = input('out', 'dist');
const repo = process.env.GITHUB_REPOSITORY?.split('/')[1];
const base = input('base', repo ? `/${repo}/` : '/');
const site = input('site', undefined);
const failOnGate = input('fail-on-gate', 'true') !== 'false';

let json = '';
const gatesCode = await main(['gates', '--artifacts', artifacts, '--config', config, '--json'], {
  stdout: (s) => void (json += s),
  stderr: (s) => process.stderr.write(s),
});
let report;
try {
  report = JSON.parse(json);
} catch {
  report = undefined;
}
if (report && Array.isArray(report.gates)) {
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, stepSummary(report));
  for (const line of annotations(report.diagnostics ?? [], (d) => displayPath(d, artifacts, config))) process.stdout.write(line + '\n');
}
const buildArgs = ['build', '--artifacts', artifacts, '--archive', archive, '--config', config, '--out', out, '--base', base, '--no-fail-on-gate'];
if (site) buildArgs.push('--site', site);
const buildCode = await main(buildArgs);
if (buildCode !== 0) process.exit(buildCode);
process.exit(failOnGate ? gatesCode : 0);
