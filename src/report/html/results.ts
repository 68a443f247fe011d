import { cisSectionsOf } from '../../checks/benchmark.js';
import type { ControlMeta } from '../../checks/types.js';
import { controlLabel } from '../../results/benchmark.js';
import type { ReportResult } from '../../results/document.js';
import { monitoringChain } from '../monitoring-chain.js';
import { chainDrawing } from './drawing.js';
import { html, type Markup } from './markup.js';
import { controlAnchor, shownStatus, STATUS_LABELS, SHOWN_STATUSES, type PageContext } from './view.js';

/** The results grouped by control, in registry order, each group under the control's metadata. */
export function resultsSection(context: PageContext, controls: readonly ControlMeta[]): Markup {
  const byControl = new Map<string, ReportResult[]>();
  for (const result of context.report.results) {
    const list = byControl.get(result.controlId);
    if (list) list.push(result);
    else byControl.set(result.controlId, [result]);
  }
  const known = new Map(controls.map((control) => [control.id, control]));
  // The document's order is registry order already; a control the registry does not list keeps its place.
  return html`<div id="results">${[...byControl].map(([id, results]) => controlGroup(context, known.get(id), results))}</div>`;
}

function controlGroup(context: PageContext, control: ControlMeta | undefined, results: readonly ReportResult[]): Markup {
  const first = results[0]!;
  const tally = SHOWN_STATUSES.flatMap((status) => {
    const count = results.filter((result) => shownStatus(result) === status).length;
    return count > 0 ? [`${count} ${STATUS_LABELS[status]}`] : [];
  });
  return html`<section class="control" id="${controlAnchor(first.controlId)}" aria-labelledby="${controlAnchor(first.controlId)}-h">
<h3 id="${controlAnchor(first.controlId)}-h">${controlLabel(context.report, first.controlId)}: ${first.title}</h3>
<p class="tally">${tally.join(' · ')}</p>
${control ? controlMeta(context, control) : html`<p>Not in the control registry.</p>`}
${results.map((result) => resultArticle(context, result))}
</section>`;
}

function controlMeta(context: PageContext, control: ControlMeta): Markup {
  const cis = cisSectionsOf(control).map(({ version, section, assessment }) => `${version}: ${section} (${assessment})`);
  const repaired = context.repairable === undefined ? undefined : context.repairable.has(control.id);
  return html`<dl class="meta">
<dt>Severity</dt><dd>${control.severity}</dd>
<dt>Security Hub</dt><dd>${control.securityHubId ?? 'none (a trailwarden control)'}</dd>
<dt>CIS AWS Foundations</dt><dd>${cis.length > 0 ? cis.join(', ') : 'none'}</dd>
${repaired === undefined ? '' : html`<dt>Repaired by <code>fix</code></dt><dd>${repaired ? 'yes' : 'no'}</dd>`}
<dt>Rationale</dt><dd>${control.rationale}</dd>
<dt>Remediation</dt><dd>${control.remediation}</dd>
</dl>
<details><summary>How trailwarden decides</summary><p>${control.decides}</p></details>`;
}

function resultArticle(context: PageContext, result: ReportResult): Markup {
  const status = shownStatus(result);
  const chain = monitoringChain(result);
  const account = context.accountNames.get(result.accountId);
  return html`<article class="result" id="${context.anchors.get(result)}" data-status="${status}" data-severity="${result.severity}" data-account="${result.accountId}" data-region="${result.resource.region}">
<h4><span class="badge s-${status}">${STATUS_LABELS[status]}</span> <code>${result.resource.arn}</code></h4>
<p class="where">Account ${result.accountId}${account ? ` (${account})` : ''} · Region ${result.resource.region} · ${result.severity}${result.baselineState ? ` · ${result.baselineState} since the baseline` : ''}</p>
<p class="reason">${result.reason}</p>
${result.suppressed ? html`<p class="note">Suppressed: ${result.suppressed.reason}${result.suppressed.expires ? ` (until ${result.suppressed.expires})` : ''}</p>` : ''}
${result.suppressionExpired ? html`<p class="note">A suppression expired on ${result.suppressionExpired.expires}: ${result.suppressionExpired.reason}</p>` : ''}
${result.error ? html`<p class="call">Failed call: <code>${result.error.operation}</code> in ${result.error.region}: ${result.error.code}${result.error.message ? ` (${result.error.message})` : ''}</p>` : ''}
${chain ? chainDrawing(chain) : result.evidence ? html`<details><summary>Evidence</summary><pre>${JSON.stringify(result.evidence, null, 2)}</pre></details>` : ''}
</article>`;
}
