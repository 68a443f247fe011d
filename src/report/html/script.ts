/**
 * The page's only script: the filters. It reads the form and the data-* attributes of each result,
 * and hides what does not match (and a control left with no visible result). A link to a result
 * that a filter hides (a matrix cell, an error) clears the filters first, so it always lands.
 */
export const FILTER_SCRIPT = `(() => {
  const form = document.getElementById('filters');
  const results = Array.from(document.querySelectorAll('.result'));
  const groups = Array.from(document.querySelectorAll('.control'));
  const shown = document.getElementById('shown');
  function apply() {
    const data = new FormData(form);
    const statuses = new Set(data.getAll('status'));
    const severities = new Set(data.getAll('severity'));
    const account = data.get('account');
    const region = data.get('region');
    let visible = 0;
    for (const result of results) {
      const d = result.dataset;
      const show = statuses.has(d.status) && severities.has(d.severity) && (!account || d.account === account) && (!region || d.region === region);
      result.hidden = !show;
      if (show) visible += 1;
    }
    for (const group of groups) group.hidden = group.querySelector('.result:not([hidden])') === null;
    shown.textContent = 'Showing ' + visible + ' of ' + results.length + ' results';
  }
  function reveal() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (target && target.closest('[hidden]')) {
      form.reset();
      apply();
      target.scrollIntoView();
    }
  }
  form.hidden = false;
  form.addEventListener('change', apply);
  form.addEventListener('reset', () => setTimeout(apply));
  addEventListener('hashchange', reveal);
  apply();
  reveal();
})();`;
