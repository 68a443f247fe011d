import type { Control } from '../types.js';

export const cloudtrailControls: readonly Control[] = [];
