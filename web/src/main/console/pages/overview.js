// The pipeline at a glance; whatever needs the operator is red and links to its page.
import { html, nothing } from '../lib.js';
import { bytes, duration, problemBox, when } from '../ui.js';

export async function overview(page, { api }) {
  await page.poll(async () => {
    try {
      page.show(view(await api.get('/admin/overview')));
    } catch (e) {
      page.show(html`<h1>Overview</h1>${problemBox(e)}`);
    }
    return true;
  }, 5000);
}

function figure(label, value, bad, href) {
  const body = html`<span class="figure-value">${value}</span><span class="figure-label">${label}</span>`;
  return html`<div class="figure ${bad ? 'bad' : ''}" data-figure=${label}>
    ${href ? html`<a href=${href}>${body}</a>` : body}</div>`;
}

// live bytes against the storage threshold; red from the crossing until it is armed again
function storage(s) {
  if (s.threshold_bytes === null) {
    return figure('live bytes (no threshold set)', bytes(s.live_bytes), false);
  }
  const share = Math.round((100 * s.live_bytes) / s.threshold_bytes);
  return figure(s.crossed_at ? `live bytes of the threshold, crossed ${when(s.crossed_at)}` : 'live bytes of the threshold',
    `${bytes(s.live_bytes)} of ${bytes(s.threshold_bytes)} (${share} %)`, s.crossed_at !== null);
}

function view(o) {
  const running = (o.deletions.running || 0) + (o.deletions.queued || 0);
  const last = o.last_maintenance;
  return html`<h1>Overview</h1>
    ${o.degradation ? html`<div class="alert bad" id="degradation">Deletions degraded: ${o.degradation}</div>`
      : html`<div class="alert ok" id="degradation">Deletions move: nothing stuck, no key failed.</div>`}
    <div class="figures">
      ${figure('keys due', o.keys_due, false, '#/deletions?state=running')}
      ${figure('oldest due key waits', duration(o.oldest_due_seconds), o.oldest_due_seconds > 3600)}
      ${figure('keys in delete_failed', o.keys_failed, o.keys_failed > 0, '#/deletions?state=completed_with_errors')}
      ${figure('keys held by Object Lock', o.keys_held, false, '#/deletions?state=completed_with_holds')}
      ${figure('deletions running', running, o.stuck_deletions.length > 0, '#/deletions?state=running')}
      ${figure('failed deletions', o.deletions.failed || 0, (o.deletions.failed || 0) > 0, '#/deletions?state=failed')}
      ${figure('deletion store calls at once (this instance)',
        `${o.store_calls.in_flight_limit} of ${o.store_calls.ceiling}`, false)}
      ${figure('store slow-downs since start', o.store_calls.slow_downs, false)}
      ${storage(o.storage)}
      ${last ? figure('orphans found by the last maintenance run', last.orphaned_files, last.orphaned_files > 0,
        `#/maintenance/${last.id}`) : figure('maintenance runs completed', 'none yet', false, '#/maintenance')}
    </div>
    ${o.stuck_deletions.length ? html`<h2>Stuck (no progress for ${o.stuck_after})</h2><ul class="stuck">
      ${o.stuck_deletions.map((id) => html`<li><a class="bad" href="#/deletions/${id}">${id}</a></li>`)}</ul>`
      : nothing}
    <h2>Scheduled tasks</h2>
    <table class="list"><thead><tr><th>task</th><th>last succeeded (anywhere in the cluster)</th></tr></thead>
      <tbody>${o.schedules.map((s) => html`<tr><td>${s.task}</td>
        <td class=${s.last_succeeded ? '' : 'muted'}>${s.last_succeeded ? when(s.last_succeeded) : 'not yet'}</td>
      </tr>`)}</tbody></table>
    ${last ? html`<p>Last maintenance run <a href="#/maintenance/${last.id}">${last.id}</a> finished
      ${when(last.finished_at)}: ${last.orphaned_files} orphaned files, ${last.orphaned_records} orphaned records.</p>`
      : nothing}
    <p class="muted">As of ${when(o.at)}; refreshed every 5 s.</p>`;
}
