// Audit: every destructive action, filtered by deletion, key or time.
import { html } from '../lib.js';
import { formValues, PagedList, when } from '../ui.js';

export async function audit(page, { api, query }) {
  const filter = { deletion_id: query.get('deletion_id') || '', key: query.get('key') || '', since: query.get('since') || '' };
  const list = new PagedList(page, '/audit', { ...filter, limit: 100 },
    html`<tr><th>at</th><th>action</th><th>key</th><th>outcome</th><th>actor</th><th>deletion / run</th><th>detail</th></tr>`,
    (e) => html`<tr><td>${when(e.at)}</td><td>${e.action}</td><td><code>${e.key || ''}</code></td><td>${e.outcome}</td>
      <td>${e.actor}</td><td>${e.deletion_id ? html`<a href="#/deletions/${e.deletion_id}">${e.deletion_id}</a>`
        : e.run_id || ''}</td><td>${e.detail || ''}</td></tr>`);
  const search = (event) => {
    event.preventDefault();
    location.hash = `#/audit?${new URLSearchParams(formValues(event.target))}`;
  };
  const rerender = () => page.show(html`<h1>Audit</h1>
    <form id="audit-filter" class="inline" @submit=${search}>
      <label>deletion_id <input name="deletion_id" .value=${filter.deletion_id}></label>
      <label>key <input name="key" .value=${filter.key}></label>
      <label>since <input name="since" placeholder="2026-01-01T00:00:00Z" .value=${filter.since}></label>
      <button type="submit">Filter</button>
    </form>${list.view(api, rerender)}`);
  await list.load(api);
  rerender();
}
