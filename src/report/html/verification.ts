import { verificationLines } from '../../results/verification.js';
import { html, type Markup } from './markup.js';
import type { PageContext } from './view.js';

/** `--verify-patterns-with-aws`: how many verdicts AWS decided, and every disagreement with the engines, to be reported. */
export function verificationSection({ report }: PageContext): Markup {
  const verification = report.patternVerification;
  if (!verification) return html``;
  const { summary } = verificationLines(verification);
  const kind = { 'metric-filter': 'metric filter', 'event-pattern': 'EventBridge' } as const;
  return html`<section id="verification" aria-labelledby="verification-h">
<h2 id="verification-h">AWS's verdicts</h2>
<p>${summary}</p>
${
  verification.disagreements.length === 0
    ? ''
    : html`<div class="scroll"><table><thead><tr><th scope="col">Pattern</th><th scope="col">Record</th><th scope="col">Account</th><th scope="col">Region</th><th scope="col">AWS</th><th scope="col">trailwarden</th></tr></thead>
<tbody>${verification.disagreements.map((entry) => html`<tr><td>${kind[entry.kind]} <code>${entry.pattern}</code></td><td>${entry.recordId} (${entry.record})</td><td>${entry.accountId}</td><td>${entry.region}</td><td>${entry.aws}</td><td>${entry.engine}</td></tr>`)}</tbody></table></div>`
}
${
  verification.failed.length === 0
    ? ''
    : html`<p>Not decided (the results that rely on them are ERROR):</p><ul>${verification.failed.map((failure) => html`<li>${kind[failure.kind]} <code>${failure.resource ?? ''}</code> (account ${failure.accountId}): <code>${failure.operation}</code> in ${failure.region} failed with ${failure.code}</li>`)}</ul>`
}
</section>`;
}
