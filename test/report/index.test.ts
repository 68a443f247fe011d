import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS, OUTPUT_FILES, renderReport, writeReports } from '../../src/report/index.js';
import { CONTROLS, fixtureReport } from './fixtures.js';
import { reportValidator } from './validators.js';

describe('renderReport', () => {
  it.each(FORMATS)('renders %s', (format) => {
    const text = renderReport(format, fixtureReport(), CONTROLS, { includeErrors: true });
    expect(text.length).toBeGreaterThan(0);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('renders json as the report document itself', () => {
    const text = renderReport('json', fixtureReport(), CONTROLS);
    expect(JSON.parse(text)).toEqual(fixtureReport());
    expect(reportValidator()(JSON.parse(text))).toBe(true);
  });
});

describe('writeReports (--output-dir)', () => {
  it('writes one file per format under its fixed name, without colour', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'trailwarden-out-')), 'nested');
    const paths = writeReports(dir, FORMATS, fixtureReport(), CONTROLS, { color: true });
    expect(readdirSync(dir).sort()).toEqual([
      'trailwarden.asff.json',
      'trailwarden.html',
      'trailwarden.json',
      'trailwarden.md',
      'trailwarden.ocsf.json',
      'trailwarden.sarif',
      'trailwarden.txt',
      'trailwarden.xml',
    ]);
    expect(paths).toEqual(FORMATS.map((format) => join(dir, OUTPUT_FILES[format])));
    expect(readFileSync(join(dir, 'trailwarden.txt'), 'utf8')).not.toContain('\u001b[');
  });

  it('names only the SARIF file *.sarif, so upload-sarif can take the whole directory', () => {
    expect(Object.values(OUTPUT_FILES).filter((name) => name.endsWith('.sarif'))).toEqual(['trailwarden.sarif']);
  });
});
