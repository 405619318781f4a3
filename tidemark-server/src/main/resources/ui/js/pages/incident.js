// The incident flow: name the asset and the days that were bad, see every partition across every
// pipeline that read them, plan the repair, start it after a confirmation, and watch it run.
import {get, post} from '../api.js';
import {setQuery} from '../app.js';
import {assetLink, badge, count, errorBox, fill, h, loading, millis, money, runLink} from '../dom.js';

export async function render(view, parameters) {
  const assets = await get('/assets', {limit: 1000});
  const asset = h('input', {id: 'incident-asset', list: 'asset-names', value: parameters.asset || '', required: true,
    placeholder: 'schema.table', 'aria-label': 'Asset whose data was bad', autocomplete: 'off'});
  const start = h('input', {id: 'incident-start', type: 'date', value: parameters.start || '', required: true, 'aria-label': 'First bad day'});
  const end = h('input', {id: 'incident-end', type: 'date', value: parameters.end || '', required: true, 'aria-label': 'Last bad day'});
  const impactStep = h('section', {id: 'impact-step'});
  const planStep = h('section', {id: 'plan-step'});
  const runStep = h('section', {id: 'run-step'});
  const confirm = h('dialog', {id: 'confirm-dialog'});
  const timers = [];

  const form = h('form', {class: 'incident-form', id: 'incident-form'},
    h('label', {}, 'Asset', asset),
    h('label', {}, 'First bad day', start),
    h('label', {}, 'Last bad day', end),
    h('button', {type: 'submit', id: 'impact-button', class: 'primary'}, 'Show impact'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    showImpact();
  });

  fill(view,
    h('h1', {}, 'Incident'),
    h('p', {class: 'muted'}, 'Which asset held bad data, and on which days? Tidemark finds every partition, in every pipeline, that read it, and rebuilds exactly those.'),
    h('datalist', {id: 'asset-names'}, assets.items.map((a) => h('option', {value: a.name}))),
    form, impactStep, planStep, runStep, confirm);

  async function showImpact() {
    fill(planStep);
    fill(runStep);
    setQuery({asset: asset.value.trim(), start: start.value, end: end.value});
    fill(impactStep, loading('Finding what read it'));
    try {
      const impact = await get('/impact', {asset: asset.value.trim(), start: start.value, end: end.value});
      fill(impactStep, impactView(impact, planRepair));
    } catch (error) {
      fill(impactStep, errorBox(error));
    }
  }

  async function planRepair(button) {
    button.disabled = true;
    fill(runStep);
    fill(planStep, loading('Planning the repair'));
    try {
      const plan = await post('/repairs', {asset: asset.value.trim(), start: start.value, end: end.value});
      fill(planStep, planView(plan, () => ask(plan)));
    } catch (error) {
      fill(planStep, errorBox(error));
    } finally {
      button.disabled = false;
    }
  }

  function ask(plan) {
    fill(confirm,
      h('form', {method: 'dialog'},
        h('h2', {}, `Start repair ${plan.repair_id}?`),
        h('p', {}, `It rebuilds ${count(plan.task_count, 'partition')} of ${count(plan.assets.length, 'asset')}, replacing what they hold now.`,
          plan.estimated_ms ? ` About ${millis(plan.estimated_ms)} of task time.` : '',
          plan.estimated_cost ? ` It should cost about ${money(plan.estimated_cost.total, plan.estimated_cost.currency)}.` : ''),
        h('div', {class: 'dialog-buttons'},
          h('button', {value: 'cancel', id: 'confirm-cancel'}, 'Cancel'),
          h('button', {value: 'start', id: 'confirm-start', class: 'primary'}, 'Start repair'))));
    confirm.onclose = () => {
      if (confirm.returnValue === 'start') start_(plan);
    };
    confirm.returnValue = '';
    confirm.showModal();
  }

  async function start_(plan) {
    const button = document.getElementById('start-button');
    if (button) button.disabled = true;
    fill(runStep, loading('Starting'));
    try {
      const started = await post(`/repairs/${plan.repair_id}/start`);
      watch(plan, started);
    } catch (error) {
      fill(runStep, errorBox(error));
      if (button) button.disabled = false;
    }
  }

  function watch(plan, started) {
    async function tick() {
      try {
        if (started.run_id === null) {
          // Its turn has not come: the queue says when its run starts.
          const job = await get(`/queue/${started.job_id}`);
          if (job.run_id === null) {
            fill(runStep, h('p', {class: 'muted', id: 'repair-queued'}, `Repair ${plan.repair_id} is ${job.status}: ${job.message || 'waiting for the runs before it'}.`));
            if (job.status === 'queued' || job.status === 'running') timers.push(setTimeout(tick, 1000));
            return;
          }
          started = {...started, run_id: job.run_id};
        }
        const [detail, repair] = await Promise.all([get(`/runs/${started.run_id}`), get(`/repairs/${plan.repair_id}`)]);
        fill(runStep, progressView(repair, detail));
        if (detail.run.status === 'running') timers.push(setTimeout(tick, 1000));
      } catch (error) {
        fill(runStep, errorBox(error));
      }
    }
    tick();
  }

  if (parameters.asset && parameters.start && parameters.end) showImpact();
  return () => timers.forEach(clearTimeout);
}

function impactView(impact, onPlan) {
  const children = new Map();
  const roots = [];
  for (const a of impact.assets) {
    if (a.parent === null) {
      roots.push(a);
    } else {
      if (!children.has(a.parent)) children.set(a.parent, []);
      children.get(a.parent).push(a);
    }
  }
  const node = (a) => h('li', {dataset: {asset: a.asset}},
    h('div', {class: 'impact-node'},
      assetLink(a.asset),
      h('span', {class: 'ranges'}, a.ranges.join(', ')),
      h('span', {class: 'muted'}, ` (${a.count})`),
      h('span', {class: 'muted details'}, [
        a.root ? a.kind : a.via.map((v) => v.upstream === a.parent ? v.mapping : `also via ${v.upstream} (${v.mapping})`).join(', '),
        a.runs_forward ? 'runs forward' : null,
        a.pipeline ? `pipeline ${a.pipeline}` : null,
        a.owner ? `owner ${a.owner}` : null,
        a.kind === 'model' ? (a.estimated_ms === null ? 'never timed' : `~${millis(a.estimated_ms)}`) : null,
      ].filter(Boolean).join(' · '))),
    children.has(a.asset) ? h('ul', {}, children.get(a.asset).map(node)) : null);
  const button = h('button', {id: 'plan-button', class: 'primary'}, 'Plan the repair');
  button.addEventListener('click', () => onPlan(button));
  return h('div', {},
    h('h2', {}, `Impact of ${impact.asset} ${impact.start === impact.end ? impact.start : impact.start + '..' + impact.end}`),
    h('ul', {class: 'tree', id: 'impact-tree'}, roots.map(node)),
    h('p', {id: 'impact-summary'},
      h('strong', {}, count(impact.downstream_partitions, 'partition')),
      ` downstream in ${count(impact.downstream_assets, 'asset')}`,
      impact.pipelines.length ? ` across ${count(impact.pipelines.length, 'pipeline')} (${impact.pipelines.join(', ')})` : '',
      `; rebuilding everything affected takes about ${millis(impact.estimated_ms)} of task time.`),
    impact.downstream_partitions > 0 ? button : null);
}

function planView(plan, onStart) {
  if (plan.repair_id === null) return h('p', {id: 'repair-plan', class: 'muted'}, plan.message);
  const button = h('button', {id: 'start-button', class: 'primary danger'}, `Start repair ${plan.repair_id}…`);
  button.addEventListener('click', onStart);
  const cost = plan.estimated_cost;
  return h('div', {id: 'repair-plan'},
    h('h2', {}, `Repair ${plan.repair_id}: ${count(plan.task_count, 'partition')} to rebuild`),
    h('table', {class: 'list'},
      h('thead', {}, h('tr', {}, ['Asset', 'Partitions', 'Days', 'Estimate', cost ? 'Cost' : null].filter((t) => t).map((t) => h('th', {}, t)))),
      h('tbody', {}, plan.assets.map((a) => h('tr', {},
        h('td', {}, assetLink(a.asset)), h('td', {class: 'number'}, a.count),
        h('td', {}, a.ranges.join(', ')), h('td', {class: 'number'}, a.estimated_ms === null ? 'never timed' : millis(a.estimated_ms)),
        cost ? h('td', {class: 'number'}, a.estimated_cost === null ? 'never built' : money(a.estimated_cost, cost.currency)) : null)))),
    h('p', {id: 'repair-estimate'}, `About ${millis(plan.estimated_ms)} of task time`,
      cost ? `, costing about ${money(cost.total, cost.currency)}` : '',
      cost && cost.unpriced.length ? ` (${count(cost.unpriced.length, 'model')} never built, not priced)` : '', '.'),
    plan.scans.filter((s) => s.changed_partitions > 0).map((s) =>
      h('p', {class: 'muted'}, `Scanned ${s.source}: ${count(s.changed_partitions, 'partition')} with new data versions.`)),
    plan.notes.map((note) => h('p', {class: 'note'}, note)),
    plan.gaps.map((gap) => h('p', {class: 'error'}, `${gap.excluded} ${gap.ranges.join(', ')} stays unrepaired and is read by ${gap.read_by.join(', ')}.`)),
    h('p', {class: 'muted'}, plan.message),
    button);
}

function progressView(repair, {run, attempts}) {
  const finished = attempts.filter((a) => a.status !== 'running');
  const failed = attempts.filter((a) => a.status === 'failed' && a.attempt > 0);
  return h('div', {id: 'repair-progress', dataset: {status: run.status}},
    h('h2', {}, 'Repair ', String(repair.id), ' ', badge(run.status)),
    h('p', {}, h('progress', {max: Math.max(run.tasks, 1), value: finished.length}),
      ` ${finished.length} of ${run.tasks} tasks done`, failed.length ? ` · ${failed.length} failed` : '',
      ' · run ', runLink(run.id)),
    run.status === 'succeeded'
      ? h('p', {class: 'success', id: 'repair-done'}, `Repair ${repair.id} finished: ${count(run.tasks, 'partition')} rebuilt.`)
      : run.status === 'running'
        ? h('p', {class: 'muted'}, 'Running… this page follows it.')
        : h('p', {class: 'error', id: 'repair-done'}, `Repair ${repair.id} did not finish (${run.status}). Starting it again continues without redoing finished tasks.`),
    h('ul', {class: 'attempts-brief'}, attempts.slice(-8).map((a) =>
      h('li', {}, badge(a.status), ' ', a.asset, ' ', a.partition))));
}
