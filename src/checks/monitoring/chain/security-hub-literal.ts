/**
 * Security Hub CSPM's CloudWatch.1–14 checks are literal where trailwarden is semantic. Its user
 * guide says of them: "This control fails if the exact metric filters prescribed by CIS are not
 * used. Additional fields or terms cannot be added." It documents no normalisation (of whitespace,
 * the order of terms, quoting), so a filter that works but whose text is not CIS's is said to be
 * reported FAILED there, and one that differs only in whitespace to be possibly so.
 * https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
 */

/** The Security Hub control a monitoring control is, and the CIS text its check compares with. */
export interface SecurityHubCheck {
  controlId: string;
  cisPattern: string;
}

/** The evidence, present only when the texts differ. */
export interface SecurityHubLiteralCheck {
  controlId: string;
  cisPattern: string;
  filterPattern: string;
  /** `whitespace-only`: equal once runs of whitespace are removed, which Security Hub does not document as ignored. */
  difference: 'whitespace-only' | 'text';
  documented: string;
}

const DOCUMENTED =
  'Security Hub CSPM: "This control fails if the exact metric filters prescribed by CIS are not used. Additional fields or terms cannot be added."';

export function literalCheck(check: SecurityHubCheck, filterPattern: string): SecurityHubLiteralCheck | undefined {
  if (filterPattern === check.cisPattern) return undefined;
  const bare = (text: string) => text.replace(/\s+/g, '');
  const difference = bare(filterPattern) === bare(check.cisPattern) ? 'whitespace-only' : 'text';
  return { controlId: check.controlId, cisPattern: check.cisPattern, filterPattern, difference, documented: DOCUMENTED };
}

/** The clause of the PASS reason. */
export function literalNote(check: SecurityHubLiteralCheck): string {
  return check.difference === 'text'
    ? `works; Security Hub CSPM will still report ${check.controlId} FAILED because it compares the pattern text, and this filter's is not the CIS text`
    : `works; its text differs from the CIS text only in whitespace, and Security Hub CSPM, which compares the pattern text, does not document whether it ignores whitespace: it may report ${check.controlId} FAILED`;
}
