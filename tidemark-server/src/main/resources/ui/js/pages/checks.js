// Checks: the latest result of every check on every partition, failures first.
import {get} from '../api.js';
import {setQuery} from '../app.js';
import {assetLink, badge, count, fill, h, when} from '../dom.js';

const STATUSES = ['fail', 'error', 'warn', 'skipped', 'pass'];

export async function render(view, parameters) {
  const chosen = STATUSES.includes(parameters.status) ? parameters.status : '';
  const select = h('input', {type: 'search', id: 'check-select', value: parameters.select || '',
    placeholder: 'Selection, e.g. marts.kpi_daily+ or tag:finance', 'aria-label': 'Assets to show'});
  const body = h('div');
  fill(view, h('h1', {}, 'Checks'), h('div', {class: 'toolbar'}, select), body);

  async function show(status) {
    setQuery({status, select: select.value.trim()});
    const answer = await get('/checks', {status, select: select.value.trim(), limit: 1000});
    const chips = h('div', {class: 'chips', id: 'check-counts'},
      h('a', {href: '#', class: status === '' ? 'chip current' : 'chip', onclick: (e) => { e.preventDefault(); show(''); }}, 'all'),
      STATUSES.map((s) => h('a', {href: '#', class: `chip ${s}${status === s ? ' current' : ''}`, dataset: {status: s},
        onclick: (e) => { e.preventDefault(); show(s); }}, `${s} ${answer.counts[s]}`)));
    const results = answer.results;
    fill(body, chips,
      h('p', {class: 'muted'}, `${count(results.total, 'result')}${results.total > results.items.length ? `, the first ${results.items.length} shown` : ''}`),
      results.items.length === 0 ? h('p', {class: 'empty'}, 'No result.') : h('table', {class: 'list', id: 'checks'},
        h('thead', {}, h('tr', {}, ['Status', 'Asset', 'Check', 'Partition', 'Observed', 'Expected', 'Message', 'Checked'].map((t) => h('th', {}, t)))),
        h('tbody', {}, results.items.map((r) => h('tr', {class: r.status},
          h('td', {}, badge(r.status)),
          h('td', {}, assetLink(r.asset)),
          h('td', {class: 'code'}, r.check),
          h('td', {}, r.partition),
          h('td', {class: 'number'}, r.observed),
          h('td', {class: 'number'}, r.expected),
          h('td', {}, r.message, r.sample.length ? h('pre', {class: 'sample'}, r.sample.join('\n')) : null),
          h('td', {}, when(r.checked_at)))))));
  }
  let timer = null;
  select.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => show(chosen).catch(() => {}), 250);
  });
  await show(chosen);
  return () => clearTimeout(timer);
}
