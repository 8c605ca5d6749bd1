// The closing line of `.ci/run`: `N passed, N failed, N skipped` from Vitest's JSON report.
//   node scripts/ci-counts.mjs REPORT.json EXIT_CODE
// A test file that failed outside its tests (an import error, a failed beforeAll) counts as one failed
// test, and so does a run that exited non-zero with nothing failed in the report (an unhandled error
// between tests): a red run never reads "0 failed".
import { readFileSync } from 'node:fs';

const [file, exitCode = '0'] = process.argv.slice(2);
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.error(`no test report at ${file}`);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(0);
}
const results = report.testResults ?? [];
let failed = report.numFailedTests ?? 0;
for (const suite of results) {
  const own = (suite.assertionResults ?? []).filter((t) => t.status === 'failed').length;
  if (suite.status === 'failed' && own === 0) {
    console.error(`failed suite (outside its tests): ${suite.name}: ${(suite.message ?? '').split('\n')[0]}`);
    failed += 1;
  }
}
if (failed === 0 && exitCode !== '0') {
  console.error(`the test run exited ${exitCode} with no failed test in its report (an unhandled error?)`);
  failed = 1;
}
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${report.numPassedTests ?? 0} passed, ${failed} failed, ${skipped} skipped`);
