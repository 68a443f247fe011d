import type { ControlMeta } from '../checks/types.js';
import type { ReportDocument } from '../results/document.js';

/** What the CLI decides for a rendering; every field is optional and off by default. */
export interface RenderOptions {
  /** ANSI colour in the table. The CLI sets it for a TTY when NO_COLOR is not set. */
  color?: boolean;
  /** Also emit ERROR results in SARIF and ASFF (`--include-errors`); they are noise in most CI runs. */
  includeErrors?: boolean;
  /** The region whose Security Hub receives ASFF findings; default: the first scanned region. */
  securityHubRegion?: string;
  /** Control IDs `fix` repairs (each control's `repair`); the HTML report says so per control, and says nothing when absent. */
  repairable?: readonly string[];
}

/** Every output format is one of these: pure, from the report document to the text to write. */
export type Renderer = (report: ReportDocument, controls: readonly ControlMeta[], options: RenderOptions) => string;
