/** The plain records the site renders (computed by the core, serialised by `perfgate build`). */
import type { Diagnostic } from './diagnostics.ts';

export interface CycleSummary {
  cycle_id: string;
  title: string;
  period: { start: string; end: string } | null;
  /** `current` is the cycle in .artifacts; `archived` ones come from content/cycles. */
  source: 'current' | 'archived';
  /** Directory the cycle was read from, relative to the working directory. */
  dir: string;
  services: string[];
  validation: 'valid' | 'invalid' | 'incomplete';
  counts: { errors: number; warnings: number; missing: number };
  diagnostics: Diagnostic[];
}

export interface SiteData {
  generated_at: string;
  cycles: CycleSummary[];
}
