import { complianceLine } from '../../results/benchmark.js';
import { html, type Markup } from './markup.js';
import { controlAnchor, type PageContext } from './view.js';

/** Under --benchmark: each requirement of the benchmark with its verdict, linked to its control's results. */
export function complianceSection({ report }: PageContext): Markup | '' {
  const benchmark = report.benchmark;
  if (!benchmark) return '';
  const outside = benchmark.notInBenchmark.map(({ controlId }) => controlId);
  return html`<section id="compliance" aria-labelledby="compliance-h">
    <h2 id="compliance-h">${benchmark.title}</h2>
    <p>${complianceLine(benchmark)}</p>
    ${outside.length > 0 ? html`<p>Not part of ${benchmark.title} (not evaluated): ${outside.join(', ')}</p>` : ''}
    <table>
      <thead>
        <tr>
          <th scope="col">Section</th>
          <th scope="col">Control</th>
          <th scope="col">Assessment</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        ${benchmark.requirements.map(
          (requirement) =>
            html`<tr>
              <td>${requirement.section}</td>
              <td><a href="#${controlAnchor(requirement.controlId)}">${requirement.controlId}</a> ${requirement.title}</td>
              <td>${requirement.assessment}</td>
              <td class="s-${requirement.status}">${requirement.status}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
