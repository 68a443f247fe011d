import type { Control } from '../types.js';
import { logRetention } from './cloudwatch-16-log-retention.js';

/** The log groups trails deliver to. */
export const logsControls: readonly Control[] = [
  logRetention, // CloudWatch.16
];
