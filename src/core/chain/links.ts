/**
 * Checking the links of the archive chain (pure): each cycle's `previous_manifest_sha256` must be
 * the SHA-256 of the manifest of the cycle before it in chain order, and the oldest names none.
 * A mismatch is charged to the cycle whose manifest no longer matches what its successor pinned:
 * that successor is itself pinned by the one after it, up to the head (which `--expect-sha256`
 * anchors), so the earlier cycle is the one that changed. The successor gets a note.
 */
import type { Placed } from './order.ts';

/** One cycle of the chain, live or pruned (a tombstone), in chain order. */
export interface ChainNode extends Placed {
  /** How findings name it: the cycle's folder in the archive (`.pruned/<id>` for a tombstone). */
  name: string;
  /** SHA-256 of its evidence-manifest.json; null when there is no readable manifest. */
  manifest: string | null;
  /** Its manifest's previous_manifest_sha256 (null: none, or no readable manifest). */
  previous: string | null;
}

/** A statement about one cycle of the chain. */
export interface LinkMessage {
  name: string;
  message: string;
}

export interface LinkCheck {
  /** Failures, each charged to the cycle that is not as it was pinned. */
  findings: LinkMessage[];
  /** What a reader of the successor's line should know (never a failure on its own). */
  notes: LinkMessage[];
}

/** Checks every link of `ordered` (chain order, oldest first). */
export function checkLinks(ordered: readonly ChainNode[]): LinkCheck {
  const findings: LinkMessage[] = [];
  const notes: LinkMessage[] = [];
  ordered.forEach((node, i) => {
    if (node.manifest === null) return; // its own findings say it has no readable manifest
    const before = ordered[i - 1];
    if (!before) {
      if (node.previous !== null)
        findings.push({
          name: node.name,
          message: `previous_manifest_sha256 is ${node.previous}, but no cycle before it is in the archive, neither archived nor kept as a tombstone (expected null for the oldest cycle): the cycle it pinned was removed other than by \`perfgate prune\``,
        });
      return;
    }
    if (before.manifest === null) {
      findings.push({
        name: node.name,
        message: `its link cannot be checked: the cycle before it, ${before.name}, has no readable evidence-manifest.json`,
      });
      return;
    }
    if (node.previous === before.manifest) return;
    const head = i === ordered.length - 1;
    findings.push({
      name: before.name,
      message:
        node.previous === null
          ? `its evidence-manifest.json has sha256 ${before.manifest}, but ${node.name}, the next cycle, names no previous cycle: ${before.name} was put into the chain after ${node.name} was archived`
          : `its evidence-manifest.json has sha256 ${before.manifest}, but ${node.name}, the next cycle, pinned ${node.previous}: ${before.name} was rewritten after ${node.name} pinned it (or the cycle ${node.name} pinned was removed)`,
    });
    notes.push({
      name: node.name,
      message: `its link does not match ${before.name}, the cycle before it (see the finding of ${before.name})${
        head
          ? `; nothing after ${node.name} pins it: compare the chain head with the published value (--expect-sha256) to rule out that ${node.name}'s own link was rewritten`
          : ''
      }`,
    });
  });
  return { findings, notes };
}
