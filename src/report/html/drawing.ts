import { CORPUS } from '../../corpus/index.js';
import { LINK_LABELS, type DrawnLink, type MonitoringChain, type RegionRules } from '../monitoring-chain.js';
import { html, type Markup } from './markup.js';

const STATE_LABELS: Record<DrawnLink['state'], string> = { holds: 'holds', broken: 'broken here', 'not-reached': 'not reached' };

/** The evidence names required events by corpus record ID (`R1`); a person reads what the record is. User monitors' records are not in the corpus and keep their ID. */
const EVENT_SUMMARIES = new Map(CORPUS.map((record) => [record.id, record.summary]));

/**
 * The chain as the links it consists of: the metric-filter path as an ordered list (trail → ... →
 * confirmed subscription) with each link's state in words, and the EventBridge rules per Region.
 */
export function chainDrawing(chain: MonitoringChain): Markup {
  return html`<div class="chain">
${metricFilterPath(chain)}
${chain.eventBridge.length > 0 ? eventBridgeRules(chain.eventBridge, chain.satisfiedBy === 'eventbridge') : ''}
</div>`;
}

function metricFilterPath(chain: MonitoringChain): Markup {
  const heading = chain.satisfiedBy === 'metric-filter' ? 'Metric-filter path: satisfies the control' : 'Metric-filter path';
  if (!chain.metricFilter)
    return html`<h5>${heading}</h5><p>No candidate chain could be followed to a break: the data it needs was not collected (see the reason above).</p>`;
  return html`<h5>${heading}</h5>
<ol class="links">${chain.metricFilter.map((link) => html`<li class="link ${link.state}"><span class="state">${STATE_LABELS[link.state]}</span> <span class="name">${LINK_LABELS[link.link]}</span>${link.resource ? html` <code>${link.resource}</code>` : ''}${link.detail ? html` <span class="detail">${link.detail}</span>` : ''}${link.reason ? html`<p class="why">${link.reason}</p>` : ''}</li>`)}</ol>`;
}

function eventBridgeRules(regions: readonly RegionRules[], satisfies: boolean): Markup {
  return html`<h5>EventBridge rules per Region${satisfies ? ': satisfy the control' : ''}</h5>
<div class="scroll"><table class="rules"><thead><tr><th scope="col">Region</th><th scope="col">Rules that deliver</th><th scope="col">Required events no rule delivers</th></tr></thead>
<tbody>${regions.map(({ region, coveredBy, missing }) => html`<tr class="${missing.length === 0 ? 'holds' : 'broken'}"><th scope="row">${region}</th><td>${coveredBy.length > 0 ? coveredBy.join(', ') : 'none'}</td><td>${missing.length > 0 ? missing.map((id) => EVENT_SUMMARIES.get(id) ?? id).join(', ') : 'none: every event is delivered'}</td></tr>`)}</tbody></table></div>`;
}
