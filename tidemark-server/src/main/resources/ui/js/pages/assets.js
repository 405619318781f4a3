// Assets: the catalog, searchable by name, description, owner, tag and column.
import {get} from '../api.js';
import {setQuery} from '../app.js';
import {assetLink, count, errorBox, fill, h} from '../dom.js';
import {dot} from '../health.js';

export async function render(view, parameters) {
  const input = h('input', {
    type: 'search', id: 'asset-search', value: parameters.q || '', autofocus: true,
    placeholder: 'Search by name, description, owner, tag or column', 'aria-label': 'Search assets',
  });
  const summary = h('p', {class: 'muted', id: 'asset-count'});
  const table = h('div');
  fill(view, h('h1', {}, 'Assets'), h('div', {class: 'toolbar'}, input), summary, table);

  // Health comes from the lineage graph, read once; the list itself is searched on the server.
  const health = new Map();
  get('/lineage').then((graph) => {
    for (const node of graph.nodes) health.set(node.name, node);
    for (const cell of table.querySelectorAll('[data-health-of]')) {
      const node = health.get(cell.dataset.healthOf);
      if (node) fill(cell, dot(node.health), node.health);
    }
  }).catch(() => {});

  let latest = 0;
  async function search() {
    const q = input.value.trim();
    setQuery({q});
    const mine = ++latest;
    try {
      const page = await get('/assets', {q, limit: 1000});
      if (mine !== latest) return;
      summary.textContent = `${count(page.total, 'asset')}${q ? ` matching “${q}”` : ''}`;
      fill(table, assetTable(page.items, health));
    } catch (error) {
      fill(table, errorBox(error));
    }
  }
  let timer = null;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  await search();
  return () => clearTimeout(timer);
}

function assetTable(items, health) {
  if (items.length === 0) return h('p', {class: 'empty'}, 'No asset matches.');
  return h('table', {class: 'list', id: 'assets'},
    h('thead', {}, h('tr', {}, ['Asset', 'Health', 'Kind', 'Pipeline', 'Owner', 'Tags', 'Description'].map((t) => h('th', {}, t)))),
    h('tbody', {}, items.map((asset) => {
      const node = health.get(asset.name);
      return h('tr', {},
        h('td', {}, assetLink(asset.name)),
        h('td', {dataset: {healthOf: asset.name}}, node ? [dot(node.health), node.health] : ''),
        h('td', {}, asset.kind, asset.grain !== 'all' ? h('span', {class: 'muted'}, ` · ${asset.grain}`) : ''),
        h('td', {}, asset.pipeline || h('span', {class: 'muted'}, '–')),
        h('td', {}, asset.owner),
        h('td', {}, asset.tags.map((tag) => h('span', {class: 'tag'}, tag))),
        h('td', {class: 'description'}, asset.description));
    })));
}
