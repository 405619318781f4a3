// Costs: what the loads of a period cost, by asset, pipeline, owner or day, from GET /api/v1/costs.
import {get} from '../api.js';
import {setQuery} from '../app.js';
import {assetLink, fill, h, money} from '../dom.js';

const GROUPINGS = ['asset', 'pipeline', 'owner', 'day'];

export async function render(view, parameters) {
  const by = GROUPINGS.includes(parameters.by) ? parameters.by : 'asset';
  const since = h('input', {type: 'date', id: 'cost-since', value: parameters.since || '', 'aria-label': 'From'});
  const chips = h('div', {class: 'chips', id: 'cost-by'});
  const body = h('div');
  fill(view, h('h1', {}, 'Costs'), h('div', {class: 'toolbar'}, h('label', {}, 'From ', since), chips), body);

  async function show(grouping) {
    setQuery({by: grouping, since: since.value});
    fill(chips, GROUPINGS.map((g) => h('a', {href: '#', class: g === grouping ? 'chip current' : 'chip', dataset: {by: g},
      onclick: (e) => { e.preventDefault(); show(g).catch((error) => fill(body, h('div', {class: 'error'}, error.message))); }}, `by ${g}`)));
    const report = await get('/costs', {by: grouping, since: since.value, top: 50});
    if (!since.value) since.value = report.since;
    fill(body, summary(report), groups(report), partitions(report));
  }
  since.addEventListener('change', () => show(new URLSearchParams(location.hash.split('?')[1] || '').get('by') || by).catch(() => {}));
  await show(by);
}

function percent(share) {
  return `${(share * 100).toFixed(1)}%`;
}

function trend(value) {
  if (value === null || value === undefined) return 'new';
  const sign = value > 0 ? '+' : '';
  return `${sign}${(value * 100).toFixed(0)}%`;
}

function summary(report) {
  const c = report.currency;
  return h('div', {},
    h('dl', {class: 'facts wide', id: 'cost-summary'},
      h('dt', {}, 'Period'), h('dd', {}, `${report.since} to today (compared with ${report.previous_since} onwards)`),
      h('dt', {}, 'Total'), h('dd', {id: 'cost-total'}, money(report.total.total, c)),
      h('dt', {}, 'Period before'), h('dd', {}, money(report.previous_total.total, c)),
      h('dt', {}, 'Scheduled and manual'), h('dd', {}, money(report.scheduled.total, c)),
      h('dt', {}, 'Repairs and backfills'), h('dd', {id: 'cost-repairs'}, money(report.repairs_and_backfills.total, c))),
    report.total.total === 0 && report.currency === ''
      ? h('p', {class: 'muted', id: 'cost-no-rates'}, 'tidemark.yml sets no rates (costs: per_cpu_hour, per_gb_scanned, …), so every cost is 0.')
      : null);
}

function groups(report) {
  if (report.groups.length === 0) return h('p', {class: 'empty'}, 'Nothing ran in this period.');
  const c = report.currency;
  const name = (g) => (report.by === 'asset' ? assetLink(g.name) : g.name);
  return h('div', {},
    h('h2', {}, `By ${report.by}`),
    h('table', {class: 'list', id: 'cost-groups'},
      h('thead', {}, h('tr', {}, [report.by, 'Cost', 'Share', 'Trend', 'CPU', 'Scanned', 'Written', 'Stored', 'Repairs'].map((t) => h('th', {}, t)))),
      h('tbody', {}, report.groups.map((g) => h('tr', {dataset: {group: g.name}},
        h('td', {}, name(g)),
        h('td', {class: 'number cost'}, money(g.cost.total, c)),
        h('td', {class: 'number share'}, h('span', {class: 'share-bar', style: `width:${Math.round(g.share * 60)}px`}), ' ', percent(g.share)),
        h('td', {class: 'number'}, trend(g.trend)),
        h('td', {class: 'number'}, money(g.cost.cpu)),
        h('td', {class: 'number'}, money(g.cost.scanned)),
        h('td', {class: 'number'}, money(g.cost.written)),
        h('td', {class: 'number'}, money(g.cost.stored)),
        h('td', {class: 'number'}, money(g.repairs_and_backfills)))))));
}

function partitions(report) {
  if (report.top_partitions.length === 0) return null;
  return h('div', {},
    h('h2', {}, 'Most expensive partitions'),
    h('table', {class: 'list', id: 'cost-partitions'},
      h('thead', {}, h('tr', {}, ['Asset', 'Partition', 'Cost', 'Attempts'].map((t) => h('th', {}, t)))),
      h('tbody', {}, report.top_partitions.map((p) => h('tr', {},
        h('td', {}, assetLink(p.asset)),
        h('td', {}, p.partition),
        h('td', {class: 'number'}, money(p.cost.total, report.currency)),
        h('td', {class: 'number'}, p.attempts))))));
}
