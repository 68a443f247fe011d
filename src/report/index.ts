import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ControlMeta } from '../checks/types.js';
import { renderAsff } from './asff.js';
import type { ReportDocument } from '../results/document.js';
import type { Renderer, RenderOptions } from './format.js';
import { renderHtml } from './html/index.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderOcsf } from './ocsf.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';

export const FORMATS = ['table', 'json', 'sarif', 'asff', 'markdown', 'junit', 'html', 'ocsf'] as const;
export type Format = (typeof FORMATS)[number];

const RENDERERS: Record<Format, Renderer> = {
  table: renderTable,
  json: (report) => `${JSON.stringify(report, null, 2)}\n`,
  sarif: renderSarif,
  asff: renderAsff,
  markdown: renderMarkdown,
  junit: renderJunit,
  html: renderHtml,
  ocsf: renderOcsf,
};

/**
 * File names under `--output-dir`. Only the SARIF file ends in `.sarif`, so upload-sarif can be
 * pointed at the directory without picking up anything else.
 */
export const OUTPUT_FILES: Record<Format, string> = {
  table: 'trailwarden.txt',
  json: 'trailwarden.json',
  sarif: 'trailwarden.sarif',
  asff: 'trailwarden.asff.json',
  markdown: 'trailwarden.md',
  junit: 'trailwarden.xml',
  html: 'trailwarden.html',
  ocsf: 'trailwarden.ocsf.json',
};

export function renderReport(format: Format, report: ReportDocument, controls: readonly ControlMeta[], options: RenderOptions = {}): string {
  return RENDERERS[format](report, controls, options);
}

/** `--output-dir`: writes each format to its file (never in colour) and returns the paths written. */
export function writeReports(
  outputDir: string,
  formats: readonly Format[],
  report: ReportDocument,
  controls: readonly ControlMeta[],
  options: RenderOptions = {},
): string[] {
  mkdirSync(outputDir, { recursive: true });
  return formats.map((format) => {
    const path = join(outputDir, OUTPUT_FILES[format]);
    writeFileSync(path, renderReport(format, report, controls, { ...options, color: false }));
    return path;
  });
}
