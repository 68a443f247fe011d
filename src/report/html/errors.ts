import type { ReportResult } from '../../results/document.js';
import { html, type Markup } from './markup.js';
import type { PageContext } from './view.js';

/** The AWS calls that failed during collection, and the results they left undecided (ERROR) with the failed call. */
export function errorsSection(context: PageContext): Markup {
  const { report } = context;
  const undecided = report.results.filter((result) => result.status === 'ERROR');
  const organization = report.accounts !== undefined;
  if (report.collectionErrors.length === 0 && undecided.length === 0) {
    return html`<section id="errors" aria-labelledby="errors-h"><h2 id="errors-h">Errors</h2><p>Every AWS call succeeded and every control was decided.</p></section>`;
  }
  return html`<section id="errors" aria-labelledby="errors-h">
<h2 id="errors-h">Errors</h2>
<h3>AWS calls that failed during collection (${report.collectionErrors.length})</h3>
${
  report.collectionErrors.length === 0
    ? html`<p>None.</p>`
    : html`<div class="scroll"><table><thead><tr>${organization ? html`<th scope="col">Account</th>` : ''}<th scope="col">Call</th><th scope="col">Region</th><th scope="col">Code</th><th scope="col">Message</th><th scope="col">About</th></tr></thead>
<tbody>${report.collectionErrors.map((error) => html`<tr>${organization ? html`<td>${error.accountId ?? ''}</td>` : ''}<td><code>${error.operation}</code></td><td>${error.region}</td><td>${error.code}</td><td>${error.message}</td><td>${error.resource ?? ''}</td></tr>`)}</tbody></table></div>`
}
<h3>Results that could not be decided (${undecided.length} ERROR)</h3>
${undecided.length === 0 ? html`<p>None.</p>` : html`<ul class="undecided">${undecided.map((result) => undecidedItem(context, result))}</ul>`}
</section>`;
}

function undecidedItem(context: PageContext, result: ReportResult): Markup {
  const call = result.error
    ? html`: <code>${result.error.operation}</code> in ${result.error.region} failed with ${result.error.code}`
    : html`: ${result.reason}`;
  return html`<li><a href="#${context.anchors.get(result)}">${result.controlId} · account ${result.accountId} · ${result.resource.arn}</a>${call}</li>`;
}
