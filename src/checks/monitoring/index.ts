import type { UserMonitor } from '../../config/types.js';
import type { Control } from '../types.js';

export const monitoringControls: readonly Control[] = [];

export function userMonitorControls(_monitors: UserMonitor[]): Control[] {
  return [];
}
