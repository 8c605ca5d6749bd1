// Imitates a demo service's request loop so that `node --cpu-prof` records a real V8 profile of it:
//   node --cpu-prof --cpu-prof-dir=DIR --cpu-prof-interval 2000 scripts/demo-profile-service.cjs SERVICE PHASE [ms]
// checkout-api: placeOrder > quotePrice and reserveDeliverySlot (which aggregates all live
// reservations on every call in the baseline, and reads a kept-up-to-date counter after the change).
// catalog-search: query > cache lookup, on a miss searchIndex (a linear scan standing in for Elasticsearch).
// Required as a module (scripts/demo-service.mjs serves it over HTTP), it runs nothing and exports
// `checkoutOf(phase)` (the checkout-api functions) and `handlerOf(service, phase)`.
'use strict';
const reservations = Array.from({ length: 6000 }, (_, i) => ({ slot: i % 164, expiresAt: i * 7 }));
const slotCounts = new Map();
for (const r of reservations) slotCounts.set(r.slot, (slotCounts.get(r.slot) ?? 0) + 1);
const index = Array.from({ length: 4000 }, (_, i) => `sku-${i} organic oat milk ${i % 97}`);

/** checkout-api's functions in a phase (baseline or after). */
function checkoutOf(phase) {
  function quotePrice(i) {
    let p = 0;
    for (let k = 0; k < 3000; k++) p += Math.sin(k + i) * 0.01;
    return 10 + p;
  }
  function aggregateReservations(slot) {
    let n = 0;
    for (const r of reservations) if (r.slot === slot && r.expiresAt > 100) n++;
    return n;
  }
  function reserveDeliverySlot(i) {
    const slot = i % 164;
    return phase === 'after' ? slotCounts.get(slot) : aggregateReservations(slot);
  }
  function placeOrder(i) {
    return quotePrice(i) + reserveDeliverySlot(i) + JSON.stringify({ order: i, lines: [1, 2, 3] }).length;
  }
  return { quotePrice, reserveDeliverySlot, placeOrder };
}

/** The request handler of a service in a phase (baseline or after). */
function handlerOf(service, phase) {
  const cache = new Map();
  function searchIndex(q) {
    return index.filter((doc) => doc.includes(q)).length;
  }
  function lookupCache(q) {
    return cache.get(q);
  }
  function query(i) {
    const q = `milk ${i % 97}`;
    const hit = lookupCache(q);
    if (hit !== undefined && phase === 'after') return hit;
    const n = searchIndex(q);
    cache.set(q, n);
    return n;
  }
  return service === 'catalog-search' ? query : checkoutOf(phase).placeOrder;
}

module.exports = { checkoutOf, handlerOf };

if (require.main === module) {
  const [service, phase = 'baseline', ms = '1500'] = process.argv.slice(2);
  const handle = handlerOf(service, phase);
  const until = Date.now() + Number(ms);
  let sink = 0;
  for (let i = 0; Date.now() < until; i++) sink += handle(i);
  if (Number.isNaN(sink)) console.log(sink);
}
