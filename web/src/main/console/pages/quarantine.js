// Quarantine: what maintenance and retention moved aside, and putting an object back where it was.
import { html } from '../lib.js';
import { badge, bytes, confirmOnce, PagedList, problemBox, when } from '../ui.js';

const STATES = ['', 'quarantined', 'moving', 'restoring', 'restored', 'purged', 'abandoned'];

export async function quarantine(page, { api, query }) {
  const state = query.get('state') || '';
  let error = null;
  let notice = null;
  const restore = async (q) => {
    if (!confirmOnce(`Restore ${q.original_key}? It is moved back from the quarantine to its key.`)) {
      return;
    }
    try {
      await api.post(`/quarantine/${q.id}/restore`);
      notice = `Restored ${q.original_key}.`;
      error = null;
      await list.load(api);
    } catch (e) {
      error = e;
    }
    rerender();
  };
  const list = new PagedList(page, '/quarantine', { state, limit: 50 },
    html`<tr><th>original key</th><th>state</th><th>size</th><th>quarantined</th><th>by</th><th></th></tr>`,
    (q) => html`<tr data-key=${q.original_key}><td><code>${q.original_key}</code></td><td>${badge(q.state)}</td>
      <td>${bytes(q.size_bytes)}</td><td>${when(q.quarantined_at)}</td>
      <td>${q.run_id ? html`<a href="#/maintenance/${q.run_id}">maintenance</a>` : q.policy || '–'}</td>
      <td>${q.state === 'quarantined' ? html`<button class="restore" @click=${() => restore(q)}>Restore</button>`
        : ''}</td></tr>`);
  const rerender = () => page.show(html`<h1>Quarantine</h1>
    <p>Objects moved under <code>_quarantine/</code> instead of being deleted; purged after the quarantine's
      retention.</p>
    <label>State <select id="quarantine-state" @change=${(e) => { location.hash = `#/quarantine?state=${e.target.value}`; }}>
      ${STATES.map((s) => html`<option value=${s} ?selected=${s === state}>${s || 'any'}</option>`)}</select></label>
    ${problemBox(error)}${notice ? html`<div class="alert ok" id="notice">${notice}</div>` : ''}
    ${list.view(api, rerender)}`);
  await list.load(api);
  rerender();
}
