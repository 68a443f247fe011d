import { SEVERITIES } from '../../checks/types.js';
import type { ReportAccount } from '../../results/document.js';
import { html, type Markup } from './markup.js';
import { SHOWN_STATUSES, STATUS_LABELS, type PageContext } from './view.js';

/** Counts by status and by severity, what was scanned and when the data was collected. */
export function summarySection({ report }: PageContext): Markup {
  const { byStatus, failedBySeverity, total } = report.summary;
  const accounts = report.accounts;
  const unscanned = accounts?.filter((account) => account.status === 'ERROR') ?? [];
  return html`<section id="summary" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<div class="counts">
<table><caption>Results by status (${total} in all)</caption>
<thead><tr>${SHOWN_STATUSES.map((status) => html`<th scope="col">${STATUS_LABELS[status]}</th>`)}</tr></thead>
<tbody><tr>${SHOWN_STATUSES.map((status) => html`<td class="s-${status}">${byStatus[status]}</td>`)}</tr></tbody></table>
<table><caption>Failing results by severity</caption>
<thead><tr>${SEVERITIES.map((severity) => html`<th scope="col">${severity}</th>`)}</tr></thead>
<tbody><tr>${SEVERITIES.map((severity) => html`<td>${failedBySeverity[severity]}</td>`)}</tr></tbody></table>
</div>
<dl class="facts">
${
  accounts
    ? html`<dt>Accounts</dt><dd>${accounts.length} in the organization, ${accounts.length - unscanned.length} scanned${unscanned.length > 0 ? html`; could not scan ${unscanned.map((account, index) => html`${index > 0 ? ', ' : ''}${account.name} (${account.id})`)}` : ''}; scanned from ${report.account.id}</dd>`
    : html`<dt>Account</dt><dd>${report.account.id} (${report.account.partition})</dd>`
}
<dt>Regions</dt><dd>${report.regions.length > 0 ? report.regions.join(', ') : 'none'}${report.regionFilter ? ' (limited with --region)' : ' (every enabled Region)'}</dd>
${report.skippedRegions.length > 0 ? html`<dt>Regions skipped</dt><dd>${report.skippedRegions.map(({ region, reason }) => `${region}: ${reason}`).join('; ')}</dd>` : ''}
<dt>Data collected</dt><dd><time datetime="${report.snapshotCollectedAt}">${report.snapshotCollectedAt}</time></dd>
<dt>Report generated</dt><dd><time datetime="${report.generatedAt}">${report.generatedAt}</time> by trailwarden ${report.tool.version}</dd>
${
  report.baseline
    ? html`<dt>Since the baseline</dt><dd>of ${report.baseline.previousGeneratedAt}: ${report.baseline.counts.new} new, ${report.baseline.counts.resolved} resolved, ${report.baseline.counts.unchanged} unchanged</dd>`
    : ''
}
</dl>
${accounts ? accountsTable(accounts) : ''}
</section>`;
}

/** Each account of an organization: whether it was scanned, where, and when its data was collected (or why it could not be read). */
function accountsTable(accounts: readonly ReportAccount[]): Markup {
  return html`<details><summary>Accounts (${accounts.length})</summary><div class="scroll"><table>
<thead><tr><th scope="col">Account</th><th scope="col">ID</th><th scope="col">Status</th><th scope="col">Regions</th><th scope="col">Data collected, or the error</th></tr></thead>
<tbody>${accounts.map((account) => html`<tr><th scope="row">${account.name}</th><td>${account.id}</td><td>${account.status}</td><td>${account.regions.join(', ')}</td><td>${account.error ? `${account.error.operation} failed with ${account.error.code}${account.error.message ? ` (${account.error.message})` : ''}` : (account.snapshotCollectedAt ?? '')}</td></tr>`)}</tbody>
</table></div></details>`;
}
