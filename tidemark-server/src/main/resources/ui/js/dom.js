// Building the page from data: every text goes in through textContent, never as HTML.

/** An element: h('a', {href: '#/x', class: 'y'}, 'text', child, ...). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces what an element holds. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export function count(n, noun, plural = noun + 's') {
  return `${formatNumber(n)} ${n === 1 ? noun : plural}`;
}

export function formatNumber(n) {
  return n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US', {maximumFractionDigits: 0});
}

export function millis(ms) {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60000);
  return `${minutes} min ${Math.round((ms % 60000) / 1000)} s`;
}

/** An amount in the project's currency, to three significant digits however small. */
export function money(amount, currency) {
  const text = amount === 0 ? '0' : Math.abs(amount) >= 100 ? amount.toFixed(0)
    : amount.toLocaleString('en-US', {maximumSignificantDigits: 3, maximumFractionDigits: 20});
  return currency ? `${text} ${currency}` : text;
}

/** An instant as local date and time, to the second. */
export function when(instant) {
  if (!instant) return '–';
  const date = new Date(instant);
  return date.toLocaleString('sv-SE', {hour12: false}).replace('T', ' ');
}

export function duration(start, end) {
  if (!start) return '–';
  return millis((end ? new Date(end) : new Date()) - new Date(start));
}

/** A coloured word: a run's, a check's or an asset's status. */
export function badge(status) {
  return h('span', {class: `badge ${status}`}, status.replaceAll('_', ' '));
}

export function assetLink(name) {
  return h('a', {href: `#/assets/${encodeURIComponent(name)}`, class: 'asset'}, name);
}

export function runLink(id) {
  return h('a', {href: `#/runs/${id}`}, `#${id}`);
}

export function loading(what = 'Loading') {
  return h('p', {class: 'muted loading'}, `${what}…`);
}

export function errorBox(error) {
  return h('div', {class: 'error', role: 'alert'}, error.message || String(error));
}

/** Loads a classic script once (libraries that define a global). */
const scripts = new Map();
export function loadScript(src) {
  if (!scripts.has(src)) {
    scripts.set(src, new Promise((resolve, reject) => {
      const script = h('script', {src});
      script.onload = resolve;
      script.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.append(script);
    }));
  }
  return scripts.get(src);
}
