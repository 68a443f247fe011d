import type { ControlMeta } from '../../checks/types.js';
import type { ReportResult } from '../../results/document.js';
import { html, type Markup } from './markup.js';
import { controlAnchor, SHOWN_STATUSES, shownStatus, STATUS_LABELS, type PageContext, type ShownStatus } from './view.js';

/**
 * For an organization: one row per account, one column per control; a cell shows the worst
 * status of that account's results for the control (and how many share it) and links to the
 * first of them.
 */
export function matrixSection(context: PageContext, controls: readonly ControlMeta[]): Markup {
  const accounts = context.report.accounts;
  if (!accounts) return html``;
  const cells = new Map<string, ReportResult[]>();
  for (const result of context.report.results) {
    const key = cellKey(result.accountId, result.controlId);
    const list = cells.get(key);
    if (list) list.push(result);
    else cells.set(key, [result]);
  }
  const columns = controls.filter((control) => context.report.results.some((result) => result.controlId === control.id));
  return html`<section id="matrix" aria-labelledby="matrix-h">
<h2 id="matrix-h">Accounts × controls</h2>
<p>Each cell shows the worst status of the account's results for the control; follow it to the result.</p>
<div class="scroll" tabindex="0" role="region" aria-label="Accounts × controls, scrollable">
<table class="matrix"><caption>Worst status per account and control</caption>
<thead><tr><th scope="col">Account</th>${columns.map((control) => html`<th scope="col"><a href="#${controlAnchor(control.id)}">${control.id}</a></th>`)}</tr></thead>
<tbody>
${accounts.map(
  (
    account,
  ) => html`<tr><th scope="row">${account.name} <span class="id">${account.id}</span></th>${columns.map((control) => cell(context, cells.get(cellKey(account.id, control.id))))}</tr>
`,
)}</tbody></table>
</div>
</section>`;
}

function cell(context: PageContext, results: readonly ReportResult[] | undefined): Markup {
  if (!results || results.length === 0) return html`<td>—</td>`;
  const worst = SHOWN_STATUSES.find((status) => results.some((result) => shownStatus(result) === status)) as ShownStatus;
  const matching = results.filter((result) => shownStatus(result) === worst);
  const count = matching.length > 1 ? ` ×${matching.length}` : '';
  return html`<td class="s-${worst}"><a href="#${context.anchors.get(matching[0]!)}">${STATUS_LABELS[worst]}${count}</a></td>`;
}

function cellKey(accountId: string, controlId: string): string {
  return `${accountId}\u0000${controlId}`;
}
