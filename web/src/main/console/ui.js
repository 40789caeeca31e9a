// What every page shares: the page's lifetime, formatting, the error box, paged tables, asking once.
import { html, nothing, render } from './lib.js';
import { Problem } from './api.js';

const main = () => document.getElementById('main');

let generation = 0;

/**
 * A page being shown. `alive()` turns false once the operator navigates away, which ends the
 * page's polling; `show` renders into the page only while it is still the one shown.
 */
export class Page {
  constructor() {
    this.generation = ++generation;
  }

  alive() {
    return this.generation === generation;
  }

  show(template) {
    if (this.alive()) {
      render(template, main());
    }
  }

  /** Calls `step` now and then every `ms` while the page is shown and `step` returns true. */
  async poll(step, ms = 1000) {
    while (this.alive() && await step()) {
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
  }
}

export function bytes(n) {
  if (n === null || n === undefined) {
    return '–';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = Number(n);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function when(instant) {
  return instant ? new Date(instant).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '–';
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined || !isFinite(seconds)) {
    return '–';
  }
  const s = Math.round(seconds);
  if (s < 60) {
    return `${s} s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)} min ${s % 60} s`;
  }
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** The problem as the API gave it: title, detail and instance, to quote in a report. */
export function problemBox(error) {
  if (!error) {
    return nothing;
  }
  const problem = error instanceof Problem ? error
    : new Problem(0, error.title ? error : { title: 'Error', detail: String(error) });
  return html`<div class="problem" role="alert">
    <strong class="problem-title">${problem.title}</strong>
    ${problem.detail ? html`<div class="problem-detail">${problem.detail}</div>` : nothing}
    ${problem.instance ? html`<div class="problem-instance">instance: <code>${problem.instance}</code></div>`
      : nothing}
  </div>`;
}

/** A state as a badge, red for what needs the operator. */
export function badge(state) {
  const bad = ['failed', 'completed_with_errors', 'delete_failed', 'abandoned', 'stopped'];
  const busy = ['queued', 'running', 'starting', 'started', 'stopping', 'restoring', 'moving'];
  const tone = bad.includes(state) ? 'bad' : busy.includes(state) ? 'busy' : 'ok';
  return html`<span class="badge ${tone}">${state}</span>`;
}

/** Asks once, saying exactly what will happen. */
export function confirmOnce(what) {
  return window.confirm(what);
}

/**
 * A list the API pages with `next_cursor`: loads the first page, then more on request.
 * `row` renders one item as a table row; `head` is the header row.
 */
export class PagedList {
  constructor(page, path, query, head, row) {
    Object.assign(this, { page, path, query, head, row, items: [], next: null, error: null, loaded: false });
  }

  async load(api, more = false) {
    try {
      const reply = await api.get(this.path, { ...this.query, cursor: more ? this.next : undefined });
      this.items = more ? this.items.concat(reply.items) : reply.items;
      this.next = reply.next_cursor;
      this.error = null;
    } catch (e) {
      this.error = e;
    }
    this.loaded = true;
  }

  view(api, rerender) {
    if (!this.loaded) {
      return html`<p>Loading…</p>`;
    }
    return html`${problemBox(this.error)}
      <table class="list"><thead>${this.head}</thead>
        <tbody>${this.items.length ? this.items.map(this.row)
          : html`<tr><td colspan="99" class="empty">nothing here</td></tr>`}</tbody></table>
      ${this.next ? html`<button class="more" @click=${async () => { await this.load(api, true); rerender(); }}>
        More</button>` : nothing}`;
  }
}

/** The values of a form's named fields, empty ones left out. */
export function formValues(form) {
  const values = {};
  for (const [name, value] of new FormData(form).entries()) {
    if (String(value).trim() !== '') {
      values[name] = String(value).trim();
    }
  }
  return values;
}
