import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

// These packages are CommonJS whose module.exports also carries `.default`; under NodeNext the
// default import is the module object, so `.default` is the constructor at compile and run time.

const repoRoot = new URL('../../', import.meta.url);

/** The official OASIS SARIF 2.1.0 schema (errata 01, draft-04), copied here unchanged. */
export function sarifValidator() {
  const ajv = new AjvDraft04.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(new URL('sarif-2.1.0.schema.json', import.meta.url), 'utf8')));
}

/** schemas/report.schema.json, the schema the repo publishes for `--format json`. */
export function reportValidator() {
  const ajv = new Ajv.default({ strict: true, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(new URL('schemas/report.schema.json', repoRoot), 'utf8')));
}

/**
 * OCSF 1.8.0 Compliance Finding (class 2003), draft 2020-12, carried in the repository
 * (schemas/ocsf/README.md says where it comes from, how it was generated and what it does not check).
 */
export function ocsfComplianceFindingValidator() {
  const ajv = new Ajv2020.default({ strict: true, allErrors: true });
  return ajv.compile(JSON.parse(readFileSync(new URL('schemas/ocsf/compliance-finding-1.8.0.schema.json', repoRoot), 'utf8')));
}
