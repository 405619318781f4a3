// Runs: the latest runs, filtered by status, trigger and what they ran; a queued or running one
// that the server started can be cancelled from here.
import {get} from '../api.js';
import {setQuery} from '../app.js';
import {cancelButton} from '../cancel.js';
import {badge, count, duration, fill, h, runLink, when} from '../dom.js';

const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'interrupted'];
const TRIGGERS = ['manual', 'schedule', 'backfill', 'repair'];

export async function render(view, parameters) {
  let runs = await get('/runs', {limit: 1000});
  const status = select('run-status', 'Any status', STATUSES, parameters.status);
  const trigger = select('run-trigger', 'Any trigger', TRIGGERS, parameters.trigger);
  const text = h('input', {type: 'search', id: 'run-search', placeholder: 'Selection or day', value: parameters.q || '', 'aria-label': 'Filter runs'});
  const summary = h('p', {class: 'muted', id: 'run-count'});
  const table = h('div');
  const problem = h('div', {id: 'run-problem'});
  fill(view, h('h1', {}, 'Runs'), h('div', {class: 'toolbar'}, status, trigger, text), problem, summary, table);

  async function reload() {
    runs = await get('/runs', {limit: 1000});
    show();
  }

  function show() {
    const q = text.value.trim().toLowerCase();
    setQuery({status: status.value, trigger: trigger.value, q});
    const shown = runs.filter((run) =>
      (!status.value || run.status === status.value) &&
      (!trigger.value || run.trigger === trigger.value) &&
      (!q || `${run.selection} ${run.range_start} ${run.range_end}`.toLowerCase().includes(q)));
    summary.textContent = `${count(shown.length, 'run')} of the latest ${count(runs.length, 'run')}`;
    fill(table, shown.length === 0 ? h('p', {class: 'empty'}, 'No run matches.') : h('table', {class: 'list', id: 'runs'},
      h('thead', {}, h('tr', {}, ['Run', 'Status', 'Trigger', 'Selection', 'Days', 'Tasks', 'Started', 'Took', ''].map((t) => h('th', {}, t)))),
      h('tbody', {}, shown.map((run) => h('tr', {dataset: {run: run.id ?? `queued-${run.job_id}`}},
        h('td', {}, run.id === null ? h('span', {class: 'muted', title: 'waits its turn'}, `queued ${run.job_id}`) : runLink(run.id)),
        h('td', {}, badge(run.status)),
        h('td', {}, run.trigger),
        h('td', {}, run.selection || h('span', {class: 'muted'}, 'everything')),
        h('td', {}, run.range_start === run.range_end ? run.range_start : `${run.range_start}..${run.range_end}`),
        h('td', {class: 'number'}, run.tasks),
        h('td', {}, when(run.started_at)),
        h('td', {}, duration(run.started_at, run.ended_at)),
        h('td', {}, cancelling(run)))))));
  }

  // Runs the server started (its queue's, and the scheduler's) can be cancelled while they wait
  // or run; others run elsewhere, where they are stopped.
  function cancelling(run) {
    if (run.status !== 'queued' && run.status !== 'running') return null;
    if (run.id == null) {
      return cancelButton({id: `cancel-queued-${run.job_id}`, what: `queued run ${run.job_id}`,
        path: `/queue/${run.job_id}/cancel`, running: false, done: reload, shown: problem});
    }
    if (run.job_id == null && run.trigger !== 'schedule') return null;
    return cancelButton({id: `cancel-run-${run.id}`, what: `run ${run.id}`,
      path: `/runs/${run.id}/cancel`, running: true, done: reload, shown: problem});
  }
  for (const control of [status, trigger]) control.addEventListener('change', show);
  text.addEventListener('input', show);
  show();
}

function select(id, none, values, chosen) {
  return h('select', {id, 'aria-label': none},
    h('option', {value: ''}, none),
    values.map((v) => h('option', {value: v, selected: v === chosen}, v)));
}
