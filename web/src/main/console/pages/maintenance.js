// Maintenance: start a dry run, follow it, page through its findings, download its reports, then
// execute it with the dry run's confirmation token — after seeing what it will act on.
import { html, nothing } from '../lib.js';
import { badge, bytes, confirmOnce, formValues, PagedList, problemBox, when } from '../ui.js';

export async function maintenance(page, { api }) {
  let error = null;
  const list = new PagedList(page, '/maintenance/runs', { limit: 20 },
    html`<tr><th>run</th><th>state</th><th>dry run</th><th>prefix</th><th>orphaned files</th>
      <th>orphaned records</th><th>created</th></tr>`,
    (r) => html`<tr><td><a href="#/maintenance/${r.id}">${r.id}</a></td><td>${badge(r.state)}</td>
      <td>${r.dry_run ? 'yes' : 'no'}</td><td><code>${r.params.key_prefix || '(whole bucket)'}</code></td>
      <td>${r.summary?.orphaned_files ?? '–'}</td><td>${r.summary?.orphaned_records ?? '–'}</td>
      <td>${when(r.created_at)}</td></tr>`);
  const start = async (event) => {
    event.preventDefault();
    const v = formValues(event.target);
    const body = { dry_run: true, key_prefix: v.key_prefix || '', orphan_action: v.orphan_action,
      missing_action: v.missing_action };
    if (v.orphan_min_age_days !== undefined) {
      body.orphan_min_age_days = Number(v.orphan_min_age_days);
    }
    if (v.max_delete !== undefined) {
      body.max_delete = Number(v.max_delete);
    }
    try {
      const run = await api.post('/maintenance/runs', body);
      location.hash = `#/maintenance/${run.id}`;
    } catch (e) {
      error = e;
      rerender();
    }
  };
  const rerender = () => page.show(html`<h1>Maintenance</h1>
    <p>A run checks the bucket against the ledger both ways. It always starts as a dry run; acting on its
      findings needs that dry run's confirmation.</p>
    <form id="maintenance-start" class="inline" @submit=${start}>
      <label>key_prefix <input name="key_prefix" placeholder="(whole bucket)"></label>
      <label>orphaned files <select name="orphan_action">
        <option value="report">report</option><option value="quarantine">quarantine</option>
        <option value="delete">delete</option></select></label>
      <label>orphaned records <select name="missing_action">
        <option value="report">report</option><option value="mark_missing">mark missing</option></select></label>
      <label>min age (days) <input name="orphan_min_age_days" type="number" min="0" placeholder="default"></label>
      <label>max_delete <input name="max_delete" type="number" min="0" placeholder="default"></label>
      <button type="submit">Start dry run</button>
    </form>
    ${problemBox(error)}
    <h2>Runs</h2>${list.view(api, rerender)}`);
  await list.load(api);
  rerender();
}

async function download(api, path, accept, name) {
  const blob = await api.blob(path, accept);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

export async function maintenanceRun(page, { api, params: [id], query }) {
  const kind = query.get('kind') || '';
  let error = null;
  let run = null;
  const findings = new PagedList(page, `/maintenance/runs/${id}/findings`, { kind, limit: 100 },
    html`<tr><th>kind</th><th>key</th><th>size</th><th>created</th><th>acted on</th><th>outcome</th></tr>`,
    (f) => html`<tr data-key=${f.key}><td>${f.kind}</td><td><code>${f.key}</code></td><td>${bytes(f.size_bytes)}</td>
      <td>${when(f.created_at)}</td><td>${f.actionable ? 'yes' : 'no (too young)'}</td>
      <td>${f.outcome || '–'}${f.detail ? html` <span class="muted">${f.detail}</span>` : nothing}</td></tr>`);
  const execute = async () => {
    const p = run.params;
    const orphans = run.summary?.orphaned_files ?? 0;
    const records = run.summary?.orphaned_records ?? 0;
    const what = [
      p.orphan_action !== 'report' ? `${p.orphan_action} up to ${Math.min(orphans, p.max_delete)} of ${orphans} orphaned`
        + ` file(s) older than ${p.orphan_min_age_days} day(s)` : null,
      p.missing_action === 'mark_missing' ? `mark ${records} orphaned record(s) missing` : null,
    ].filter(Boolean).join(' and ');
    if (!confirmOnce(`Execute this run under "${p.key_prefix || '(whole bucket)'}": ${what || 'report only'}`
      + ` (max_delete ${p.max_delete})?`)) {
      return;
    }
    try {
      const started = await api.post('/maintenance/runs', { dry_run: false, key_prefix: p.key_prefix,
        orphan_action: p.orphan_action, missing_action: p.missing_action, orphan_min_age_days: p.orphan_min_age_days,
        max_delete: p.max_delete, confirmation_token: run.confirmation_token });
      location.hash = `#/maintenance/${started.id}`;
    } catch (e) {
      error = e;
      rerender();
    }
  };
  const report = (path, accept, name) => download(api, path, accept, name).catch((e) => {
    error = e;
    rerender();
  });
  const rerender = () => page.show(view(run, kind, findings, error, api, rerender, execute, report));
  await page.poll(async () => {
    try {
      run = await api.get(`/maintenance/runs/${id}`);
    } catch (e) {
      error = e;
      rerender();
      return false;
    }
    const open = run.state === 'queued' || run.state === 'running';
    if (!open) {
      await findings.load(api);
    }
    rerender();
    return open;
  });
}

function view(run, kind, findings, error, api, rerender, execute, report) {
  if (!run) {
    return html`<h1>Maintenance run</h1>${problemBox(error)}`;
  }
  const p = run.params;
  const open = run.state === 'queued' || run.state === 'running';
  const acts = p.orphan_action !== 'report' || p.missing_action !== 'report';
  return html`<h1>Maintenance run <code>${run.id}</code></h1>${problemBox(error)}
    <dl class="facts">
      <dt>state</dt><dd id="run-state">${badge(run.state)}</dd><dt>dry run</dt><dd>${run.dry_run ? 'yes' : 'no'}</dd>
      <dt>prefix</dt><dd><code>${p.key_prefix || '(whole bucket)'}</code></dd>
      <dt>orphaned files</dt><dd>${p.orphan_action}, when older than ${p.orphan_min_age_days} day(s)</dd>
      <dt>orphaned records</dt><dd>${p.missing_action}</dd><dt>max_delete</dt><dd>${p.max_delete}</dd>
      <dt>started</dt><dd>${when(run.started_at)}</dd><dt>finished</dt><dd>${when(run.finished_at)}</dd>
      ${run.source_run_id ? html`<dt>dry run</dt><dd><a href="#/maintenance/${run.source_run_id}">${run.source_run_id}</a>
        </dd>` : nothing}
      ${run.error ? html`<dt>error</dt><dd class="bad">${run.error}</dd>` : nothing}
    </dl>
    ${open ? html`<p>Running… ${run.storage_to_db?.objects_scanned ?? 0} objects scanned so far.</p>` : html`
    <div class="figures">
      <div class="figure"><span class="figure-value" id="orphaned-files">${run.summary?.orphaned_files ?? 0}</span>
        <span class="figure-label">orphaned files (${bytes(run.storage_to_db?.orphan_bytes)})</span></div>
      <div class="figure"><span class="figure-value" id="orphaned-records">${run.summary?.orphaned_records ?? 0}</span>
        <span class="figure-label">orphaned records</span></div>
      ${run.dry_run ? nothing : html`<div class="figure"><span class="figure-value" id="acted">
        ${run.actions?.quarantined ?? 0} / ${run.actions?.deleted ?? 0} / ${run.actions?.records_marked ?? 0}</span>
        <span class="figure-label">quarantined / deleted / records marked</span></div>`}
    </div>
    <p>Reports: <button class="link" id="report-text" @click=${() => report(`/maintenance/runs/${run.id}/report`,
      'text/plain', `maintenance-${run.id}.txt`)}>text</button> ·
      <button class="link" id="report-csv" @click=${() => report(`/maintenance/runs/${run.id}/report.csv`,
      'text/csv', `maintenance-${run.id}.csv`)}>CSV</button></p>
    ${run.dry_run && run.state === 'completed' && run.confirmation_token && acts ? html`
      <div class="danger"><p>Executing acts on this dry run's findings with exactly its parameters:
        ${p.orphan_action !== 'report' ? html`<strong>${p.orphan_action}</strong> orphaned files older than
        ${p.orphan_min_age_days} day(s), at most <strong>${p.max_delete}</strong>` : nothing}
        ${p.missing_action === 'mark_missing' ? html`; mark orphaned records missing` : nothing}.</p>
        <button id="execute" class="danger" @click=${execute}>Execute</button></div>` : nothing}
    <h2>Findings</h2>
    <label>Kind <select id="kind-filter" @change=${(e) => {
      location.hash = `#/maintenance/${run.id}?kind=${e.target.value}`;
    }}>${['', 'orphaned_file', 'orphaned_record'].map((k) => html`<option value=${k} ?selected=${k === kind}>
      ${k || 'any'}</option>`)}</select></label>
    ${findings.view(api, rerender)}`}`;
}
