/** The one schema error the contract tolerates, for validation and evaluation alike. */
import type { ArtifactName } from '../artifacts.ts';
import { isRec } from './safe-read.ts';

/** What `toleratedError` reads of a schema error (ajv's `ErrorObject` has these). */
export interface SchemaError {
  keyword: string;
  instancePath: string;
}

/**
 * Schema errors that still let an artifact through: a waiver naming gate 3 is kept, so that the
 * evaluation can show it refused with the protocol's own words ("Waiver: Not permitted").
 */
export function toleratedError(name: ArtifactName, data: unknown, e: SchemaError): boolean {
  if (name !== 'gate-waivers' || e.keyword !== 'enum' || !/^\/waivers\/\d+\/gate$/.test(e.instancePath))
    return false;
  const waivers = isRec(data) && Array.isArray(data.waivers) ? (data.waivers as unknown[]) : [];
  const w = waivers[Number(e.instancePath.split('/')[2])];
  return isRec(w) && w.gate === 3;
}
