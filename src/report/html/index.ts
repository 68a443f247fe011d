import type { Renderer } from '../format.js';
import { complianceSection } from './compliance.js';
import { errorsSection } from './errors.js';
import { verificationSection } from './verification.js';
import { filterForm } from './filters.js';
import { html, trusted } from './markup.js';
import { matrixSection } from './matrix.js';
import { resultsSection } from './results.js';
import { FILTER_SCRIPT } from './script.js';
import { STYLE } from './style.js';
import { summarySection } from './summary.js';
import { pageContext } from './view.js';

/**
 * `--format html`: one self-contained page (style and script inline, nothing fetched, so it works
 * opened from disk, offline, attached to a ticket) for people who do not read JSON. Built from the
 * report document alone and deterministic: the only times in it are the document's.
 */
export const renderHtml: Renderer = (report, controls, options) => {
  const context = pageContext(report, options.repairable);
  const organization = report.accounts !== undefined;
  const subject = organization ? `organization (${report.accounts!.length} accounts, from ${report.account.id})` : `account ${report.account.id}`;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>trailwarden: ${subject}</title>
<link rel="icon" href="data:,">
<style>${trusted(STYLE)}</style>
</head>
<body>
<a class="skip" href="#results-h">Skip to the results</a>
<header>
<h1>trailwarden report: ${subject}</h1>
<nav aria-label="Sections"><ul>
<li><a href="#summary-h">Summary</a></li>
${report.benchmark ? html`<li><a href="#compliance-h">${report.benchmark.title}</a></li>` : ''}
${organization ? html`<li><a href="#matrix-h">Accounts × controls</a></li>` : ''}
${report.patternVerification ? html`<li><a href="#verification-h">AWS's verdicts</a></li>` : ''}
<li><a href="#results-h">Results by control</a></li>
<li><a href="#errors-h">Errors</a></li>
</ul></nav>
</header>
<main>
${summarySection(context)}
${complianceSection(context)}
${matrixSection(context, controls)}
${verificationSection(context)}
<section aria-labelledby="results-h">
<h2 id="results-h">Results by control</h2>
${filterForm(context)}
${resultsSection(context, controls)}
</section>
${errorsSection(context)}
</main>
<footer><p>trailwarden ${report.tool.version} · report schema ${report.schemaVersion} · generated ${report.generatedAt}</p></footer>
<script>${trusted(FILTER_SCRIPT)}</script>
</body>
</html>
`;
  return page.text;
};
