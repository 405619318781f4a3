// The lineage graph, left to right, each asset coloured by its health. Laid out by dagre, drawn
// by cytoscape on a canvas, so a thousand assets stay usable.
import {get} from '../api.js';
import {setQuery} from '../app.js';
import {assetLink, count, fill, h, loadScript} from '../dom.js';
import {COLOURS, HEALTH, dot, legend} from '../health.js';

const CYTOSCAPE = '/webjars/cytoscape/3.33.1/dist/cytoscape.min.js';
const DAGRE = '/webjars/dagre/0.8.4/dist/dagre.min.js';

export async function render(view, parameters) {
  const [graph] = await Promise.all([
    get('/lineage', {asset: parameters.asset}),
    loadScript(CYTOSCAPE),
    loadScript(DAGRE),
  ]);
  const find = h('input', {type: 'search', id: 'lineage-find', placeholder: 'Find an asset', 'aria-label': 'Find an asset', value: ''});
  const canvas = h('div', {class: 'graph', id: 'lineage-graph'});
  const panel = h('aside', {class: 'panel', id: 'lineage-panel'}, h('p', {class: 'muted'}, 'Click an asset to see what is wrong with it.'));
  const counts = {};
  for (const node of graph.nodes) counts[node.health] = (counts[node.health] || 0) + 1;
  fill(view,
    h('div', {class: 'title'},
      h('h1', {}, graph.focus ? ['Lineage around ', graph.focus] : 'Lineage'),
      h('span', {class: 'muted', id: 'lineage-summary'}, `${count(graph.nodes.length, 'asset')}, ${count(graph.edges.length, 'edge')}`),
      graph.focus ? h('span', {class: 'actions'}, h('a', {class: 'button', href: '#/lineage'}, 'Whole project')) : null),
    h('div', {class: 'toolbar'}, find, legend(HEALTH, counts)),
    h('div', {class: 'graph-layout'}, canvas, panel));

  const positions = layout(graph);
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const large = graph.nodes.length > 300;
  const cy = window.cytoscape({
    container: canvas,
    elements: [
      ...graph.nodes.map((n) => ({
        data: {id: n.name, label: n.name, health: n.health, colour: COLOURS[n.health]},
        position: positions.get(n.name),
        classes: [n.kind, n.running ? 'running' : '', n.name === graph.focus ? 'focus' : ''].join(' '),
      })),
      ...graph.edges.map((e) => ({data: {id: `${e.from}->${e.to}`, source: e.from, target: e.to, mapping: e.mapping}})),
    ],
    layout: {name: 'preset', fit: true, padding: 24},
    style: [
      {selector: 'node', style: {
        shape: 'round-rectangle', width: 190, height: 34,
        'background-color': '#fff', 'border-width': 2, 'border-color': 'data(colour)',
        label: 'data(label)', 'font-size': 11, 'text-valign': 'center', 'text-halign': 'center',
        color: '#1d2733', 'text-max-width': 180, 'text-wrap': 'ellipsis',
      }},
      {selector: 'node[health != "healthy"]', style: {'background-color': 'data(colour)', color: '#fff', 'font-weight': 600}},
      {selector: 'node.source', style: {shape: 'barrel'}},
      {selector: 'node.running', style: {'border-style': 'dashed', 'border-color': COLOURS.running, 'border-width': 4}},
      {selector: 'node.focus', style: {'border-width': 5, 'border-color': '#1d2733'}},
      {selector: 'node:selected', style: {'overlay-color': '#2f7fd8', 'overlay-opacity': 0.2}},
      {selector: 'node.found', style: {'overlay-color': '#ffd400', 'overlay-opacity': 0.45}},
      {selector: 'edge', style: {
        width: 1.5, 'line-color': '#9aa5b1', 'target-arrow-color': '#9aa5b1',
        'target-arrow-shape': 'triangle', 'curve-style': large ? 'haystack' : 'bezier',
        'arrow-scale': 0.8,
      }},
      {selector: 'edge[mapping != "identity"]', style: {label: large ? '' : 'data(mapping)', 'font-size': 9, color: '#5c6b7a', 'text-background-color': '#fff', 'text-background-opacity': 1}},
    ],
    wheelSensitivity: 0.3,
    textureOnViewport: large,
    hideEdgesOnViewport: large,
    minZoom: 0.05,
    maxZoom: 3,
  });
  cy.on('tap', 'node', (event) => fill(panel, details(byName.get(event.target.id()))));
  cy.on('dbltap', 'node', (event) => { location.hash = `#/assets/${encodeURIComponent(event.target.id())}`; });
  canvas.dataset.ready = 'true';
  // The graph for tests and scripts: cytoscape draws on a canvas.
  canvas.cytoscape = cy;

  find.addEventListener('input', () => {
    const text = find.value.trim().toLowerCase();
    cy.nodes().removeClass('found');
    if (!text) return;
    const found = cy.nodes().filter((node) => node.id().toLowerCase().includes(text));
    found.addClass('found');
    if (found.length > 0 && found.length <= 20) cy.animate({fit: {eles: found, padding: 80}, duration: 200});
  });
  const resize = () => cy.resize();
  window.addEventListener('resize', resize);
  return () => {
    window.removeEventListener('resize', resize);
    cy.destroy();
  };
}

/** Positions from dagre's layered layout, ranks running left to right. */
function layout(graph) {
  const g = new window.dagre.graphlib.Graph();
  g.setGraph({rankdir: 'LR', nodesep: 14, ranksep: 70, marginx: 10, marginy: 10});
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.name, {width: 190, height: 34});
  for (const edge of graph.edges) g.setEdge(edge.from, edge.to);
  window.dagre.layout(g);
  return new Map(graph.nodes.map((n) => {
    const p = g.node(n.name);
    return [n.name, {x: p.x, y: p.y}];
  }));
}

function details(node) {
  return h('div', {},
    h('h3', {}, assetLink(node.name)),
    h('p', {}, dot(node.health), h('strong', {}, node.health), node.running ? h('span', {class: 'badge running'}, 'running') : null),
    h('p', {class: 'muted'}, `${node.kind}${node.pipeline ? ' · ' + node.pipeline : ''}${node.owner ? ' · ' + node.owner : ''}`),
    node.problems.length
      ? h('ul', {class: 'problems'}, node.problems.map((p) => h('li', {}, p)))
      : h('p', {}, 'Every partition built and current; every check passing.'),
    h('p', {class: 'muted'}, `${node.built} of ${node.partitions} partitions built and current`),
    h('p', {},
      h('a', {href: `#/lineage?asset=${encodeURIComponent(node.name)}`}, 'Around this asset'), ' · ',
      h('a', {href: `#/incident?asset=${encodeURIComponent(node.name)}`}, 'Report bad data…')));
}
