import type { TrailwardenConfig } from '../config/types.js';
import { cloudtrailControls } from './cloudtrail/index.js';
import { dataEventControls } from './dataevents/index.js';
import { logsControls } from './logs/index.js';
import { monitoringControls, userMonitorControls } from './monitoring/index.js';
import type { Control } from './types.js';

/**
 * Every control trailwarden evaluates, in report order. The README's control table, `controls`,
 * and the SARIF rules are all generated from this list.
 */
export const BUILTIN_CONTROLS: readonly Control[] = [...cloudtrailControls, ...logsControls, ...monitoringControls, ...dataEventControls];

/** The built-in controls plus the monitors the user's config declares. */
export function controlsFor(config: TrailwardenConfig): Control[] {
  return [...BUILTIN_CONTROLS, ...userMonitorControls(config.monitors)];
}
