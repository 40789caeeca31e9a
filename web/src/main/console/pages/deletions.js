// Deletions: the list by state, and one deletion live — progress, rate, errors, verification, audit.
import { html, nothing } from '../lib.js';
import { badge, bytes, confirmOnce, duration, PagedList, problemBox, when } from '../ui.js';

const STATES = ['', 'queued', 'running', 'completed', 'completed_with_errors', 'completed_with_holds', 'failed'];

function scopeText(scope) {
  return Object.entries(scope || {}).filter(([name]) => name !== 'type').map(([name, value]) => `${name} ${value}`)
    .join(', ');
}

export async function deletions(page, { api, query }) {
  const state = query.get('state') || '';
  const list = new PagedList(page, '/deletions', { state, limit: 50 },
    html`<tr><th>deletion</th><th>scope</th><th>state</th><th>keys</th><th>failed</th><th>reclaimed</th>
      <th>requested</th></tr>`,
    (d) => html`<tr><td><a href="#/deletions/${d.id}">${d.id}</a></td>
      <td>${d.scope.type}: ${scopeText(d.scope)}</td><td>${badge(d.state)}</td><td>${d.done} / ${d.total}</td>
      <td class=${d.failed ? 'bad' : ''}>${d.failed}</td><td>${bytes(d.bytes_reclaimed)}</td>
      <td>${when(d.created_at)}</td></tr>`);
  const rerender = () => page.show(html`<h1>Deletions</h1>
    <label>State <select id="state-filter" @change=${(e) => { location.hash = `#/deletions?state=${e.target.value}`; }}>
      ${STATES.map((s) => html`<option value=${s} ?selected=${s === state}>${s || 'any'}</option>`)}
    </select></label>
    ${list.view(api, rerender)}`);
  await list.load(api);
  rerender();
}

/** Keys per second over the last samples, and the time left at that rate. */
class Rate {
  constructor() {
    this.samples = [];
  }

  add(done) {
    const now = performance.now();
    this.samples.push({ now, done });
    this.samples = this.samples.filter((s) => now - s.now <= 10000);
  }

  perSecond() {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    return last.now - first.now < 500 ? null : (last.done - first.done) * 1000 / (last.now - first.now);
  }
}

const OUTCOMES = ['', 'deleted', 'failed', 'pending'];

/** The deletion's keys with their outcomes, paged, on request: a deletion may have a million. */
function keyList(page, id, outcome) {
  return new PagedList(page, `/deletions/${id}/keys`, { outcome, limit: 100 },
    html`<tr><th>key</th><th>outcome</th><th>at</th><th>error</th></tr>`,
    (k) => html`<tr><td><code>${k.key}</code></td><td>${badge(k.outcome === 'failed' ? 'delete_failed' : k.outcome)}</td>
      <td>${when(k.at)}</td><td>${k.error ? `${k.error_code || ''} ${k.error}` : ''}</td></tr>`);
}

export async function deletion(page, { api, role, params: [id] }) {
  const rate = new Rate();
  let events = null;
  let error = null;
  let notice = null;
  let keys = null;
  let last = null;
  const rerender = () => page.show(view(last, rate, events, error, notice, retry, keys, showKeys, api, rerender));
  const showKeys = async (outcome) => {
    keys = keyList(page, id, outcome);
    keys.outcome = outcome;
    await keys.load(api);
    rerender();
  };
  const retry = async (d) => {
    if (!confirmOnce(`Retry the ${d.failed} failed key(s) of deletion ${d.id}? They are queued for deletion again.`)) {
      return;
    }
    try {
      await api.post(`/deletions/${d.id}/retry`);
      notice = `${d.failed} key(s) queued again.`;
      error = null;
      deletion(page, { api, role, params: [id] });
    } catch (e) {
      error = e;
      rerender();
    }
  };
  await page.poll(async () => {
    let d;
    try {
      d = await api.get(`/deletions/${id}`);
      error = null;
    } catch (e) {
      page.show(html`<h1>Deletion ${id}</h1>${problemBox(e)}`);
      return e.status !== 404 && e.status !== 400;
    }
    rate.add(d.done);
    const open = d.state === 'queued' || d.state === 'running';
    if (role === 'admin' && (events === null || open)) {
      try {
        events = (await api.get('/audit', { deletion_id: id, limit: 100 })).items;
      } catch (e) {
        error = e;
      }
    }
    last = d;
    rerender();
    return open;
  });
}

function view(d, rate, events, error, notice, retry, keys, showKeys, api, rerender) {
  const percent = d.total ? Math.floor(d.done * 100 / d.total) : (d.state === 'completed' ? 100 : 0);
  const perSecond = rate.perSecond();
  const open = d.state === 'queued' || d.state === 'running';
  const left = perSecond > 0 ? (d.total - d.done) / perSecond : null;
  const v = d.verification;
  return html`<h1>Deletion <code>${d.id}</code></h1>
    ${problemBox(error)}${notice ? html`<div class="alert ok">${notice}</div>` : nothing}
    <dl class="facts">
      <dt>scope</dt><dd>${d.scope.type}: ${scopeText(d.scope)}</dd>
      <dt>state</dt><dd id="deletion-state">${badge(d.state)}</dd>
      <dt>reason</dt><dd>${d.reason || '–'}</dd><dt>requested by</dt><dd>${d.requested_by}</dd>
      <dt>requested</dt><dd>${when(d.created_at)}</dd><dt>finished</dt><dd>${when(d.finished_at)}</dd>
    </dl>
    <div class="progress">
      <progress id="deletion-progress" max="100" value=${percent}></progress>
      <span id="deletion-percent">${percent} %</span>
      <span>${d.done} of ${d.total} keys · ${d.deleted} deleted · <span class=${d.failed ? 'bad' : ''}>${d.failed}
        failed</span>${d.held ? html` · <span class="bad" title="Object Lock keeps these keys; they go when the hold ends">${d.held}
        held</span>` : nothing} · ${bytes(d.bytes_reclaimed)} reclaimed</span>
      ${open ? html`<span>${perSecond === null ? '' : `${Math.round(perSecond)} keys/s · ${duration(left)} left`}</span>`
        : nothing}
    </div>
    ${d.failed > 0 && !open ? html`<button id="retry" @click=${() => retry(d)}>Retry ${d.failed} failed key(s)</button>`
      : nothing}
    ${d.errors.length ? html`<h2>Errors</h2><table class="list"><thead><tr><th>key</th><th>code</th><th>message</th>
      </tr></thead><tbody>${d.errors.map((e) => html`<tr><td><code>${e.key}</code></td><td>${e.code}</td>
      <td>${e.message}</td></tr>`)}</tbody></table>` : nothing}
    <h2>Keys</h2>
    ${keys ? html`<label>Outcome <select id="key-outcome" @change=${(e) => showKeys(e.target.value)}>
        ${OUTCOMES.map((o) => html`<option value=${o} ?selected=${o === keys.outcome}>${o || 'any'}</option>`)}
      </select></label><div id="deletion-keys">${keys.view(api, rerender)}</div>`
      : html`<button id="show-keys" @click=${() => showKeys('')}>Show every key and its outcome</button>`}
    <h2>Verification</h2>
    ${v ? html`<p id="verification" class=${v.is_clean ? 'ok' : 'bad'}>${v.is_clean ? 'Clean' : 'Not clean'}: checked
        ${when(v.checked_at)}, ${v.remaining_keys.length} key(s) remain in the bucket.</p>
        ${v.remaining_keys.length ? html`<ul>${v.remaining_keys.map((k) => html`<li><code>${k}</code></li>`)}</ul>`
          : nothing}`
      : html`<p class="muted">Checked once the deletion has finished.</p>`}
    ${events ? html`<h2>Audit events</h2><table class="list"><thead><tr><th>at</th><th>action</th><th>key</th>
      <th>outcome</th><th>actor</th></tr></thead><tbody>${events.map((e) => html`<tr><td>${when(e.at)}</td>
      <td>${e.action}</td><td><code>${e.key || ''}</code></td><td>${e.outcome}</td><td>${e.actor}</td></tr>`)}
      </tbody></table>${events.length === 100 ? html`<p><a href="#/audit?deletion_id=${d.id}">All events</a></p>`
        : nothing}` : nothing}`;
}
