import { SEVERITIES } from '../../checks/types.js';
import { compareText } from '../../results/document.js';
import { html, type Markup } from './markup.js';
import { SHOWN_STATUSES, shownStatus, STATUS_LABELS, type PageContext } from './view.js';

/**
 * Native form controls (checkboxes, selects, a reset button), so the filters work with the
 * keyboard and a screen reader as any form does. The form starts hidden: the page script shows it,
 * so that without scripts nobody meets controls that do nothing (every result is shown then).
 */
export function filterForm({ report, accountNames }: PageContext): Markup {
  const results = report.results;
  const count = (predicate: (result: (typeof results)[number]) => boolean) => results.filter(predicate).length;
  const accounts = [...new Set(results.map((result) => result.accountId))].sort(compareText);
  const regions = [...new Set(results.map((result) => result.resource.region))].sort(compareText);
  return html`<form id="filters" class="filters" hidden aria-label="Filter the results">
<fieldset><legend>Status</legend>${SHOWN_STATUSES.map((status) => html`<label><input type="checkbox" name="status" value="${status}" checked> ${STATUS_LABELS[status]} (${count((result) => shownStatus(result) === status)})</label>`)}</fieldset>
<fieldset><legend>Severity</legend>${SEVERITIES.map((severity) => html`<label><input type="checkbox" name="severity" value="${severity}" checked> ${severity} (${count((result) => result.severity === severity)})</label>`)}</fieldset>
<fieldset><legend>Where</legend>
<label>Account <select name="account"><option value="">All accounts (${accounts.length})</option>${accounts.map((id) => html`<option value="${id}">${accountNames.has(id) ? `${accountNames.get(id)} (${id})` : id}</option>`)}</select></label>
<label>Region <select name="region"><option value="">All Regions (${regions.length})</option>${regions.map((region) => html`<option value="${region}">${region}</option>`)}</select></label>
</fieldset>
<p><button type="reset">Show all</button> <output id="shown" aria-live="polite">Showing ${results.length} of ${results.length} results</output></p>
</form>`;
}
