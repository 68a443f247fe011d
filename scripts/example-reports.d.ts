import type { ControlMeta } from '../src/checks/types.js';
import type { ReportDocument } from '../src/results/document.js';

export const CONTROLS: readonly ControlMeta[];
export const REPAIRABLE: string[];
export function exampleReport(name: 'insecure' | 'compliant'): ReportDocument;
export function exampleOrganizationReport(accounts?: number): ReportDocument;
