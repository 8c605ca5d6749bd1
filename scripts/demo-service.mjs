// The demo's checkout-api as a small real HTTP service, for real load tools to measure:
//   node scripts/demo-service.mjs PHASE [PORT] [LINES]
// PHASE is baseline or after (the change of OPT-1/OPT-2: reserveDeliverySlot reads a counter instead
// of aggregating every live reservation). Every POST /v1/checkout places an order of LINES lines
// (default 1000) with placeOrder of scripts/demo-profile-service.cjs (a price quote and a delivery
// slot per line: about 40 ms of CPU in the baseline, 33 ms after) and answers 200 with JSON.
// It prints `listening on http://127.0.0.1:PORT/` once ready. How the demo's replicate runs were
// made with it: .artifacts/protocol-18/loadtests/README.md.
import http from 'node:http';
import profileService from './demo-profile-service.cjs';

const { checkoutOf } = profileService;

const [phase = 'baseline', port = '0', lines = '1000'] = process.argv.slice(2);
if (phase !== 'baseline' && phase !== 'after') {
  process.stderr.write('usage: node scripts/demo-service.mjs baseline|after [PORT] [LINES]\n');
  process.exit(2);
}
const { placeOrder } = checkoutOf(phase);
let order = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const id = order++;
    let total = 0;
    for (let line = 0; line < Number(lines); line++) total += placeOrder(id * Number(lines) + line);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ order: id, total: Math.round(total * 100) / 100 }));
  });
});
server.listen(Number(port), '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}/\n`);
});
