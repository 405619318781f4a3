// One asset: what it is, where it sits, its partitions by state and its volume against the band
// the detector expected.
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
import {get} from '../api.js';
import {assetLink, count, errorBox, fill, formatNumber, h, loading, when} from '../dom.js';
import {COLOURS, STATES, dot, legend} from '../health.js';

const RANGES = [30, 90, 365];

export async function render(view, parameters, name) {
  const asset = await get(`/assets/${encodeURIComponent(name)}`);
  const days = RANGES.includes(Number(parameters.days)) ? Number(parameters.days) : 90;
  const heatmap = h('div', {id: 'heatmap'}, loading('Loading partitions'));
  const volume = h('div', {id: 'volume'}, loading('Loading row counts'));
  const charts = [];

  fill(view,
    h('div', {class: 'title'},
      h('h1', {}, asset.name),
      h('span', {class: 'muted'}, `${asset.kind} · ${asset.materialization} · ${asset.grain}`),
      h('span', {class: 'actions'},
        h('a', {class: 'button', href: `#/lineage?asset=${encodeURIComponent(asset.name)}`}, 'Lineage'),
        h('a', {class: 'button', href: `#/incident?asset=${encodeURIComponent(asset.name)}`}, 'Report bad data…'))),
    h('p', {class: 'description', id: 'asset-description'}, asset.description || h('span', {class: 'muted'}, 'No description.')),
    h('div', {class: 'columns-2'},
      facts(asset),
      neighbours(asset)),
    h('section', {},
      h('div', {class: 'section-head'},
        h('h2', {}, 'Partitions'),
        h('span', {class: 'range-choice'}, RANGES.map((n) =>
          h('a', {href: `#/assets/${encodeURIComponent(asset.name)}?days=${n}`, class: n === days ? 'current' : ''}, `${n} days`)))),
      heatmap),
    h('section', {},
      h('h2', {}, 'Volume'),
      volume),
    columnsTable(asset));

  const range = {days};
  const [partitions, history] = await Promise.allSettled([
    get(`/assets/${encodeURIComponent(asset.name)}/partitions`, range),
    get(`/assets/${encodeURIComponent(asset.name)}/volume`, range),
  ]);
  fill(heatmap, partitions.status === 'fulfilled' ? heatmapOf(partitions.value) : errorBox(partitions.reason));
  if (history.status === 'fulfilled') {
    fill(volume, volumeOf(history.value, volume, charts));
  } else {
    fill(volume, errorBox(history.reason));
  }
  return () => charts.forEach((chart) => chart.destroy());
}

function facts(asset) {
  const rows = [
    ['Owner', asset.owner || '–'],
    ['Pipeline', asset.pipeline || '–'],
    ['Schedule', asset.schedule || (asset.pipeline ? 'with its pipeline' : 'on demand')],
    ['Partitioned by', asset.partition_column ? `${asset.partition_column} (${asset.grain})` : 'not partitioned'],
    ['First partition', asset.start],
    ['Tags', asset.tags.length ? asset.tags.map((tag) => h('span', {class: 'tag'}, tag)) : '–'],
  ];
  return h('dl', {class: 'facts', id: 'asset-facts'}, rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

function neighbours(asset) {
  return h('div', {class: 'neighbours'},
    h('h3', {}, 'Upstream'),
    asset.upstream.length
      ? h('ul', {id: 'upstream'}, asset.upstream.map((u) => h('li', {}, assetLink(u.asset), h('span', {class: 'muted'}, ` · ${u.mapping}`))))
      : h('p', {class: 'muted'}, 'Nothing: it is loaded from outside.'),
    h('h3', {}, 'Downstream'),
    asset.downstream.length
      ? h('ul', {id: 'downstream'}, asset.downstream.map((d) => h('li', {}, assetLink(d))))
      : h('p', {class: 'muted'}, 'Nothing reads it.'));
}

function columnsTable(asset) {
  return h('section', {},
    h('h2', {}, 'Columns'),
    asset.columns.length === 0
      ? h('p', {class: 'muted'}, 'No column is documented.')
      : h('table', {class: 'list', id: 'columns'},
        h('thead', {}, h('tr', {}, h('th', {}, 'Column'), h('th', {}, 'Description'))),
        h('tbody', {}, asset.columns.map((c) => h('tr', {}, h('td', {class: 'code'}, c.name), h('td', {}, c.description))))));
}

/** Days × state: a calendar of the partitions, one square a day, weeks as columns. */
function heatmapOf(map) {
  const cells = map.partitions;
  const summary = h('p', {class: 'muted'},
    `${count(cells.length, 'partition')} from ${map.start} to ${map.end}`);
  if (cells.length === 0) return h('div', {}, summary, legend(STATES, map.counts));
  const grid = h('div', {class: `heatmap grain-${map.grain}`, role: 'grid', 'aria-label': 'partitions by state'});
  if (map.grain === 'day') {
    const first = new Date(`${cells[0].partition}T00:00:00Z`);
    const offset = (first.getUTCDay() + 6) % 7;
    for (let i = 0; i < offset; i++) grid.append(h('span', {class: 'cell blank'}));
  }
  for (const cell of cells) {
    grid.append(h('span', {
      class: `cell ${cell.state}`,
      style: `background:${COLOURS[cell.state]}`,
      role: 'gridcell',
      dataset: {partition: cell.partition, state: cell.state},
      title: `${cell.partition}: ${cell.state}` +
        (cell.rows ? ` · ${formatNumber(cell.rows)} rows` : '') +
        (cell.run_id ? ` · run #${cell.run_id}` : '') +
        (cell.updated_at ? ` · ${when(cell.updated_at)}` : ''),
    }));
  }
  return h('div', {}, summary, h('div', {class: 'heatmap-wrap'}, grid), legend(STATES, map.counts));
}

function volumeOf(history, container, charts) {
  const points = history.points;
  if (points.length === 0) {
    return h('p', {class: 'muted'}, history.check ? 'No row counts recorded yet.' : 'Not partitioned: no volume history.');
  }
  const flagged = points.filter((p) => p.anomalous);
  const caption = h('p', {class: 'muted', id: 'volume-caption'},
    history.check
      ? `Rows per partition; the band is what the ${history.detector} detector expected from the partitions before. `
      : 'Rows per partition (no volume check).',
    flagged.length ? count(flagged.length, 'flagged partition') + '.' : 'Nothing flagged.');
  const plot = h('div', {class: 'chart'});
  const list = flagged.length
    ? h('ul', {class: 'flagged', id: 'flagged'}, flagged.map((p) => h('li', {},
      dot('failed'), `${p.partition}: ${p.verdict}${p.alert ? ' (alert)' : ''} · ${formatNumber(p.rows)} rows` +
      (p.low !== null ? `, expected ${formatNumber(Math.max(0, p.low))}..${formatNumber(p.high)}` : ''))))
    : null;
  // Drawn once the element is in the page and has a width.
  requestAnimationFrame(() => {
    const x = points.map((p) => Date.parse(`${p.partition.length === 7 ? p.partition + '-01' : p.partition.slice(0, 10)}T00:00:00Z`) / 1000);
    const data = [
      x,
      points.map((p) => p.rows),
      points.map((p) => p.low === null ? null : Math.max(0, p.low)),
      points.map((p) => p.high),
      points.map((p) => p.expected),
      points.map((p) => (p.anomalous ? p.rows : null)),
    ];
    const chart = new uPlot({
      width: Math.max(320, container.clientWidth - 8),
      height: 260,
      scales: {x: {time: true}},
      series: [
        {},
        {label: 'Rows', stroke: '#2f7fd8', width: 2, points: {show: true, size: 4}},
        {label: 'Expected low', stroke: 'rgba(46,158,91,0.45)', width: 1, points: {show: false}},
        {label: 'Expected high', stroke: 'rgba(46,158,91,0.45)', width: 1, points: {show: false}},
        {label: 'Expected', stroke: '#2e9e5b', width: 1, dash: [4, 4], points: {show: false}},
        {label: 'Flagged', stroke: '#d23f3f', width: 0, paths: () => null,
          points: {show: true, size: 10, fill: '#d23f3f', stroke: '#d23f3f'}},
      ],
      bands: [{series: [3, 2], fill: 'rgba(46,158,91,0.14)'}],
      axes: [{}, {size: 70, values: (u, ticks) => ticks.map((t) => formatNumber(t))}],
    }, data, plot);
    charts.push(chart);
  });
  return h('div', {}, caption, plot, list);
}
