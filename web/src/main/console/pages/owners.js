// Owners: look one up (the ledger against the bucket), see the dry-run plan, then delete it — the
// operator types the owner's id to confirm.
import { html, nothing } from '../lib.js';
import { bytes, formValues, problemBox } from '../ui.js';

function ownerPath(o) {
  if (o.type === 'user') {
    return `/users/${encodeURIComponent(o.user_id)}`;
  }
  const project = `/projects/${encodeURIComponent(o.project_id)}`;
  return o.type === 'scene' ? `${project}/scenes/${encodeURIComponent(o.scene_id)}` : project;
}

function ownerId(o) {
  return o.type === 'user' ? o.user_id : o.type === 'scene' ? o.scene_id : o.project_id;
}

function keyList(title, keys, id) {
  return html`<details ?open=${keys.length > 0 && keys.length <= 20}><summary>${title}: <span id=${id}>${keys.length}</span>
    </summary><ul class="keys">${keys.map((k) => html`<li><code>${typeof k === 'string' ? k : k.key}</code></li>`)}</ul>
    </details>`;
}

export function owners(page, { api }) {
  const state = { owner: null, files: null, plan: null, error: null, busy: false };
  const rerender = () => page.show(view(state, lookUp, remove));
  const lookUp = async (event) => {
    event.preventDefault();
    const owner = formValues(event.target);
    Object.assign(state, { owner, files: null, plan: null, error: null });
    const scope = owner.type === 'user' ? {} : { user_id: owner.user_id };
    try {
      if (owner.type === 'project') {
        state.files = await api.get(`${ownerPath(owner)}/files`, scope);
      }
      state.plan = await api.del(ownerPath(owner), { ...scope, dry_run: 'true' });
    } catch (e) {
      state.error = e;
    }
    rerender();
  };
  const remove = async (event) => {
    event.preventDefault();
    const typed = new FormData(event.target).get('confirm').trim();
    if (typed !== ownerId(state.owner)) {
      state.error = { title: 'Not confirmed', detail: `Type ${ownerId(state.owner)} exactly to delete this ${state.owner.type}.` };
      rerender();
      return;
    }
    const reason = new FormData(event.target).get('reason').trim();
    const scope = state.owner.type === 'user' ? {} : { user_id: state.owner.user_id };
    try {
      const d = await api.del(ownerPath(state.owner), { ...scope, reason: reason || undefined });
      location.hash = `#/deletions/${d.id}`;
    } catch (e) {
      state.error = e;
      rerender();
    }
  };
  rerender();
}

function view(state, lookUp, remove) {
  const o = state.owner;
  const plan = state.plan;
  return html`<h1>Owners</h1>
    <form id="owner-lookup" class="inline" @submit=${lookUp}>
      <label>Owner <select name="type">
        ${['project', 'scene', 'user'].map((t) => html`<option ?selected=${o?.type === t}>${t}</option>`)}</select></label>
      <label>user_id <input name="user_id" .value=${o?.user_id || ''}></label>
      <label>project_id <input name="project_id" .value=${o?.project_id || ''}></label>
      <label>scene_id <input name="scene_id" .value=${o?.scene_id || ''}></label>
      <button type="submit">Look up</button>
    </form>
    ${problemBox(state.error)}
    ${state.files ? html`<h2>Ledger against the bucket</h2><div class="columns">
      ${keyList('tracked', state.files.tracked, 'files-tracked')}
      ${keyList('in the bucket', state.files.in_bucket, 'files-in-bucket')}
      ${keyList('only tracked (missing from the bucket)', state.files.only_tracked, 'files-only-tracked')}
      ${keyList('only in the bucket (untracked)', state.files.only_in_bucket, 'files-only-in-bucket')}
    </div>${state.files.truncated ? html`<p class="muted">Lists truncated.</p>` : nothing}` : nothing}
    ${plan ? html`<h2>What a deletion would do (dry run)</h2>
      <p id="plan-summary"><strong>${plan.object_count}</strong> object(s), ${bytes(plan.total_bytes)}:
        ${plan.tracked.length} tracked, ${plan.untracked.length} untracked found in the bucket${plan.truncated
          ? ' (lists truncated)' : ''}.</p>
      ${keyList('tracked keys', plan.tracked, 'plan-tracked')}${keyList('untracked keys', plan.untracked, 'plan-untracked')}
      ${plan.ambiguous.length ? keyList('ambiguous legacy keys (never deleted by guess)', plan.ambiguous, 'plan-ambiguous')
        : nothing}
      <form id="owner-delete" class="danger" @submit=${remove}>
        <p>Deleting tombstones the ${o.type} at once (new uploads for it are refused) and deletes every object
          above from the bucket. Type <code>${ownerId(o)}</code> to confirm.</p>
        <label>Confirm <input name="confirm" autocomplete="off" required></label>
        <label>Reason <input name="reason" placeholder="optional"></label>
        <button type="submit" class="danger">Delete ${o.type} ${ownerId(o)}</button>
      </form>` : nothing}`;
}
