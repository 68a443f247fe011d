import type { Control } from '../types.js';

export const dataEventControls: readonly Control[] = [];
