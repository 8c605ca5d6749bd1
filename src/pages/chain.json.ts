/**
 * `/chain.json`: the trust anchors of the archive, outside any bundle: every archived cycle (oldest
 * first, by period end as an instant, then id) with its manifest and bundle SHA-256 and the manifest
 * it names as previous, and the head. A pruned cycle stays in it, marked, with its tombstone's digests.
 */
import type { APIRoute } from 'astro';
import { siteData } from '../site/data.ts';

export const GET: APIRoute = () => {
  const data = siteData();
  const body = {
    generated_at: data.generated_at,
    head: data.chain_head,
    cycles: data.chain.map((l) => ({
      cycle_id: l.cycle_id,
      manifest_sha256: l.manifest_sha256,
      bundle_sha256: l.bundle_sha256,
      previous_manifest_sha256: l.previous_manifest_sha256,
      pruned: l.pruned,
      pruned_at: l.pruned_at,
    })),
  };
  return new Response(`${JSON.stringify(body, null, 2)}\n`, {
    headers: { 'Content-Type': 'application/json' },
  });
};
