// One run: its attempts on a timeline, with retries, statuses and what each attempt said.
import {get} from '../api.js';
import {cancelButton} from '../cancel.js';
import {assetLink, badge, count, duration, fill, formatNumber, h, millis, when} from '../dom.js';

export async function render(view, parameters, id) {
  let timer = null;
  async function show() {
    clearTimeout(timer);
    // A confirmation being answered stays as it is: the page is shown again after it.
    if (view.querySelector('dialog[open]')) {
      timer = setTimeout(() => show().catch(() => {}), 1000);
      return;
    }
    const detail = await get(`/runs/${id}`);
    fill(view, page(detail, () => show().catch(() => {})));
    if (detail.run.status === 'running') timer = setTimeout(() => show().catch(() => {}), 1000);
  }
  await show();
  return () => clearTimeout(timer);
}

function page({run, attempts}, refresh) {
  const tried = attempts.filter((a) => a.attempt > 0);
  const retries = tried.filter((a) => a.attempt > 1).length;
  const problem = h('div', {id: 'run-problem'});
  const done = new Set(attempts.filter((a) => a.status !== 'running').map((a) => `${a.asset} ${a.partition}`));
  return h('div', {},
    h('div', {class: 'title'},
      h('h1', {}, `Run #${run.id}`),
      badge(run.status),
      h('span', {class: 'muted'}, `${run.trigger}${run.selection ? ' · ' + run.selection : ''}`),
      cancelling(run, refresh, problem)),
    problem,
    h('dl', {class: 'facts wide', id: 'run-facts'},
      h('dt', {}, 'Days'), h('dd', {}, run.range_start === run.range_end ? run.range_start : `${run.range_start}..${run.range_end}`),
      h('dt', {}, 'Tasks'), h('dd', {id: 'run-progress'}, `${done.size} of ${run.tasks} done`, progress(done.size, run.tasks)),
      h('dt', {}, 'Retries'), h('dd', {}, String(retries)),
      h('dt', {}, 'Started'), h('dd', {}, when(run.started_at)),
      h('dt', {}, 'Took'), h('dd', {}, duration(run.started_at, run.ended_at), run.ended_at ? '' : ' so far'),
      h('dt', {}, 'Where'), h('dd', {}, `${run.host} · pid ${run.pid}`)),
    h('h2', {}, 'Timeline'),
    timeline(run, tried),
    h('h2', {}, 'Attempts'),
    attempts.length === 0 ? h('p', {class: 'muted'}, 'No attempt yet.') : h('table', {class: 'list', id: 'attempts'},
      h('thead', {}, h('tr', {}, ['Asset', 'Partition', 'Attempt', 'Status', 'Took', 'Rows', 'Queued', 'CPU', 'Engine CPU', 'Scanned', 'Peak memory', 'Log'].map((t) => h('th', {}, t)))),
      h('tbody', {}, attempts.map((a) => h('tr', {class: a.status},
        h('td', {}, assetLink(a.asset)),
        h('td', {}, a.partition),
        h('td', {class: 'number'}, a.attempt === 0 ? 'skipped' : a.attempt),
        h('td', {}, badge(a.status)),
        h('td', {class: 'number'}, a.ended_at ? millis(a.wall_ms || (new Date(a.ended_at) - new Date(a.started_at))) : duration(a.started_at, null)),
        h('td', {class: 'number'}, a.status === 'succeeded' ? formatNumber(a.rows) : ''),
        ...resources(a),
        h('td', {class: 'log'},
          a.message ? h('pre', {}, a.message) : (a.log ? null : h('span', {class: 'muted'}, '–')),
          a.log ? h('details', {class: 'attempt-log'}, h('summary', {}, 'What it printed'), h('pre', {}, a.log)) : null))))));
}

// A running run the server started (through its queue or its scheduler) can be cancelled here.
function cancelling(run, refresh, problem) {
  if (run.status !== 'running' || (run.job_id == null && run.trigger !== 'schedule')) return null;
  return cancelButton({id: 'run-cancel', what: `run ${run.id}`, path: `/runs/${run.id}/cancel`,
    running: true, done: refresh, shown: problem});
}

// What the attempt used (see docs/operations.md): the JVM's figures, then the engine's.
function resources(a) {
  const r = a.resources;
  if (a.attempt === 0 || !r) return ['', '', '', '', ''].map(() => h('td', {}));
  return [
    h('td', {class: 'number resource-queued'}, millis(r.queued_ms)),
    h('td', {class: 'number resource-cpu'}, millis(r.cpu_ms)),
    h('td', {class: 'number resource-engine-cpu'}, millis(r.engine_cpu_ms)),
    h('td', {class: 'number resource-scanned'}, `${formatNumber(r.rows_read)} rows · ${bytes(r.bytes_scanned)}`),
    h('td', {class: 'number resource-peak'}, bytes(r.peak_memory_bytes))];
}

function bytes(n) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

function progress(done, total) {
  return h('progress', {max: Math.max(total, 1), value: done});
}

/** One row per task; each attempt a bar from its start to its end on the run's clock. */
function timeline(run, attempts) {
  if (attempts.length === 0) return h('p', {class: 'muted'}, 'Nothing has started yet.');
  const start = Math.min(...attempts.map((a) => Date.parse(a.started_at)));
  const end = Math.max(...attempts.map((a) => Date.parse(a.ended_at || new Date().toISOString())), start + 1);
  const span = end - start;
  const rows = new Map();
  for (const a of attempts) {
    const key = `${a.asset} ${a.partition}`;
    if (!rows.has(key)) rows.set(key, []);
    rows.get(key).push(a);
  }
  const shown = [...rows.entries()].slice(0, 400);
  return h('div', {class: 'timeline', id: 'timeline'},
    h('div', {class: 'axis'}, h('span', {}, when(new Date(start).toISOString())), h('span', {}, `+${millis(span)}`)),
    shown.map(([key, list]) => h('div', {class: 'lane'},
      h('span', {class: 'lane-label', title: key}, key),
      h('span', {class: 'lane-track'}, list.map((a) => {
        const left = ((Date.parse(a.started_at) - start) / span) * 100;
        const right = ((Date.parse(a.ended_at || new Date().toISOString()) - start) / span) * 100;
        return h('span', {
          class: `bar ${a.status}`,
          style: `left:${left}%;width:${Math.max(right - left, 0.4)}%`,
          title: `${key} · attempt ${a.attempt} · ${a.status} · ${a.ended_at ? millis(Date.parse(a.ended_at) - Date.parse(a.started_at)) : 'running'}`,
        });
      })))),
    rows.size > shown.length ? h('p', {class: 'muted'}, `and ${count(rows.size - shown.length, 'more task')}`) : null);
}
