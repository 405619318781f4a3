// The words and colours of health and partition states, shared by the pages.
import {h} from './dom.js';

export const HEALTH = ['failed', 'invalid', 'stale', 'missing', 'warning', 'healthy'];
export const STATES = ['built', 'stale', 'invalid', 'failed', 'missing', 'running'];

export const COLOURS = {
  healthy: '#2e9e5b',
  built: '#2e9e5b',
  warning: '#d9a21b',
  stale: '#e07b24',
  invalid: '#9b4dca',
  failed: '#d23f3f',
  missing: '#b9c0c8',
  running: '#2f7fd8',
};

export function dot(state) {
  return h('span', {class: 'dot', style: `background:${COLOURS[state]}`, title: state});
}

export function legend(states, counts = null) {
  return h('ul', {class: 'legend'},
    states.map((state) => h('li', {}, dot(state), state, counts ? h('span', {class: 'muted'}, ` ${counts[state] ?? 0}`) : null)));
}
