import type { TrailwardenConfig } from '../config/types.js';
import { REMEDIATIONS } from './plan.js';

/** The control IDs some remediation of `fix` repairs (with the flags it may need), for the reports that say so. */
export function repairedControls(config: TrailwardenConfig): string[] {
  return [...new Set(REMEDIATIONS.flatMap((remediation) => remediation.controls(config)))];
}
