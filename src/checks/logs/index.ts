import type { Control } from '../types.js';

export const logsControls: readonly Control[] = [];
