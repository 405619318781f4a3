// The single page: the part of the address after '#' names the page, e.g. #/assets/marts.kpi_daily.
import {get, hasToken, setToken} from './api.js';
import {errorBox, fill, h, loading} from './dom.js';
import * as assets from './pages/assets.js';
import * as asset from './pages/asset.js';
import * as lineage from './pages/lineage.js';
import * as runs from './pages/runs.js';
import * as run from './pages/run.js';
import * as incident from './pages/incident.js';
import * as checks from './pages/checks.js';
import * as costs from './pages/costs.js';

const routes = [
  [/^\/assets\/(.+)$/, asset, 'assets'],
  [/^\/assets$/, assets, 'assets'],
  [/^\/lineage$/, lineage, 'lineage'],
  [/^\/runs\/(\d+)$/, run, 'runs'],
  [/^\/runs$/, runs, 'runs'],
  [/^\/incident$/, incident, 'incident'],
  [/^\/checks$/, checks, 'checks'],
  [/^\/costs$/, costs, 'costs'],
];

let cleanup = null;

async function show() {
  const hash = location.hash.replace(/^#/, '') || '/assets';
  const [path, query = ''] = hash.split('?');
  const parameters = Object.fromEntries(new URLSearchParams(query));
  const view = document.getElementById('view');
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  for (const link of document.querySelectorAll('nav a')) {
    link.classList.remove('current');
  }
  const route = routes.find(([pattern]) => pattern.test(path));
  if (!route) {
    location.hash = '#/assets';
    return;
  }
  const [pattern, page, section] = route;
  document.querySelector(`nav a[data-section="${section}"]`).classList.add('current');
  const match = path.match(pattern);
  fill(view, loading());
  try {
    // A server with tokens answers nothing without one: ask for it before any page.
    await get('/health');
  } catch (error) {
    if (error.status === 401) {
      fill(view, tokenForm(error));
      return;
    }
  }
  try {
    cleanup = (await page.render(view, parameters, ...match.slice(1).map(decodeURIComponent))) || null;
  } catch (error) {
    fill(view, error.status === 401 ? tokenForm(error) : errorBox(error));
  }
}

/** Asks for the API token this server wants (kept for this tab only). */
function tokenForm(error) {
  const input = h('input', {type: 'password', id: 'token', autocomplete: 'off', placeholder: 'tdm_…', 'aria-label': 'API token'});
  const form = h('form', {id: 'token-form', class: 'toolbar'}, input, h('button', {type: 'submit', class: 'primary'}, 'Use token'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setToken(input.value.trim());
    header();
    show();
  });
  return h('div', {},
    h('h1', {}, 'Token needed'),
    h('p', {}, hasToken() ? 'The server did not accept this token: ' : 'This server answers only requests that carry an API token: ', error.message),
    form);
}

async function header() {
  try {
    const health = await get('/health');
    document.getElementById('project').textContent = health.project;
    document.title = `Tidemark · ${health.project}`;
  } catch (error) {
    document.getElementById('project').textContent = error.status === 401 ? 'token needed' : 'server unreachable';
  }
}

/** Changes the page's query without reloading it (a filter typed into a page). */
export function setQuery(parameters) {
  const [path] = (location.hash.replace(/^#/, '') || '/assets').split('?');
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value) query.set(name, value);
  }
  const text = query.toString();
  history.replaceState(null, '', `#${path}${text ? '?' + text : ''}`);
}

window.addEventListener('hashchange', show);
header();
show();
