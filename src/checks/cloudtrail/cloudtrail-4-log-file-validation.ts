import { automated } from '../benchmark.js';
import { trailResource } from '../lib/findings.js';
import { trailLabel } from '../lib/trail-inventory.js';
import type { Control } from '../types.js';
import { eachTrail } from './each-trail.js';

export const logFileValidation: Control = {
  id: 'CloudTrail.4',
  securityHubId: 'CloudTrail.4',
  title: 'CloudTrail log file validation should be enabled',
  severity: 'LOW',
  cis: {
    '1.2.0': automated('2.2'),
    '1.4.0': automated('3.2'),
    '3.0.0': automated('3.2'),
    '4.0.1': automated('3.2'),
    '5.0.0': automated('3.2'),
    '6.0.0': automated('4.2'),
    '7.0.0': automated('4.2'),
  },
  family: 'cloudtrail',
  resourceType: 'AWS::CloudTrail::Trail',
  repair: { by: 'log-file-validation' },
  rationale:
    'Validation makes CloudTrail deliver signed hourly digest files, so a log file that was altered or deleted after delivery can be detected (aws cloudtrail validate-logs).',
  remediation: 'Enable log file validation on the trail (aws cloudtrail update-trail --name TRAIL --enable-log-file-validation).',
  decides: 'Per trail: PASS when LogFileValidationEnabled is true, FAIL otherwise.',
  evaluate(snapshot) {
    return eachTrail(snapshot, (trail) => {
      const label = trailLabel(trail, snapshot);
      return trail.logFileValidationEnabled
        ? { status: 'PASS', resource: trailResource(trail), reason: `${label}: log file validation is enabled` }
        : { status: 'FAIL', resource: trailResource(trail), reason: `${label}: log file validation is disabled` };
    });
  },
};
