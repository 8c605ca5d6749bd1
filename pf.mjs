import { jmeterJtl } from './src/core/import/load-test/jmeter-jtl.ts';
const file = process.argv[2];
const t = performance.now();
const r = await jmeterJtl.read([{ name: 'f', path: file }], {});
const m = process.memoryUsage();
console.log(((performance.now() - t) / 1000).toFixed(2), 's', 'maxRSS', (process.resourceUsage().maxRSS / 1024).toFixed(0), 'heapTotal', (m.heapTotal / 1048576).toFixed(0), 'ext', (m.external/1048576).toFixed(0));
