// Retention policies: the list, editing one (admin), and what a policy would delete now.
import { html, nothing } from '../lib.js';
import { bytes, confirmOnce, formValues, PagedList, problemBox, when } from '../ui.js';

export async function policies(page, { api, role }) {
  const state = { items: [], editing: null, preview: null, error: null, notice: null };
  const load = async () => {
    try {
      state.items = (await api.get('/retention-policies')).items;
    } catch (e) {
      state.error = e;
    }
  };
  const save = async (event) => {
    event.preventDefault();
    const v = formValues(event.target);
    const body = { name: v.name, max_age_days: Number(v.max_age_days), action: v.action,
      enabled: event.target.enabled.checked,
      file_types: v.file_types ? v.file_types.split(',').map((t) => t.trim()).filter(Boolean) : [] };
    if (v.retention_class) {
      body.retention_class = v.retention_class;
    }
    if (v.key_prefix) {
      body.key_prefix = v.key_prefix;
    }
    try {
      await api.put(`/retention-policies/${encodeURIComponent(v.name)}`, body);
      Object.assign(state, { editing: null, error: null, notice: `Saved policy ${v.name}.` });
      await load();
    } catch (e) {
      state.error = e;
    }
    rerender();
  };
  const remove = async (p) => {
    if (!confirmOnce(`Delete retention policy ${p.name}? Objects it would have expired are kept.`)) {
      return;
    }
    try {
      await api.del(`/retention-policies/${encodeURIComponent(p.name)}`);
      Object.assign(state, { error: null, notice: `Deleted policy ${p.name}.` });
      await load();
    } catch (e) {
      state.error = e;
    }
    rerender();
  };
  const preview = async (p) => {
    state.preview = new PagedList(page, `/retention-policies/${encodeURIComponent(p.name)}/preview`, { limit: 100 },
      html`<tr><th>key</th><th>size</th><th>created</th></tr>`,
      (o) => html`<tr><td><code>${o.key}</code></td><td>${bytes(o.size_bytes)}</td><td>${when(o.created_at)}</td></tr>`);
    state.preview.name = p.name;
    await state.preview.load(api);
    rerender();
  };
  const rerender = () => page.show(view(state, role, api, rerender, { save, remove, preview,
    edit: (p) => { state.editing = p; rerender(); } }));
  await load();
  rerender();
}

function view(state, role, api, rerender, actions) {
  const e = state.editing;
  return html`<h1>Retention policies</h1>${problemBox(state.error)}
    ${state.notice ? html`<div class="alert ok">${state.notice}</div>` : nothing}
    <table class="list"><thead><tr><th>name</th><th>class</th><th>file types</th><th>prefix</th><th>max age</th>
      <th>action</th><th>enabled</th><th></th></tr></thead><tbody>
      ${state.items.length ? state.items.map((p) => html`<tr><td>${p.name}</td><td>${p.retention_class || 'any'}</td>
        <td>${p.file_types.join(', ') || 'any'}</td><td><code>${p.key_prefix || ''}</code></td><td>${p.max_age_days} d</td>
        <td>${p.action}</td><td>${p.enabled ? 'yes' : 'no'}</td><td>
        <button @click=${() => actions.preview(p)}>Preview</button>
        ${role === 'admin' ? html`<button @click=${() => actions.edit(p)}>Edit</button>
          <button class="danger" @click=${() => actions.remove(p)}>Delete</button>` : nothing}</td></tr>`)
        : html`<tr><td colspan="8" class="empty">no policies</td></tr>`}</tbody></table>
    ${role === 'admin' ? html`<h2>${e ? `Edit ${e.name}` : 'New policy'}</h2>
      <form id="policy-form" class="inline" @submit=${actions.save}>
        <label>name <input name="name" required .value=${e?.name || ''} ?readonly=${!!e}></label>
        <label>retention_class <select name="retention_class">${['', 'temporary', 'standard', 'final'].map((c) => html`
          <option value=${c} ?selected=${(e?.retention_class || '') === c}>${c || 'any'}</option>`)}</select></label>
        <label>file_types <input name="file_types" placeholder="audio, image" .value=${e?.file_types.join(', ') || ''}></label>
        <label>key_prefix <input name="key_prefix" .value=${e?.key_prefix || ''}></label>
        <label>max_age_days <input name="max_age_days" type="number" min="1" required .value=${String(e?.max_age_days || 30)}>
        </label>
        <label>action <select name="action">${['delete', 'quarantine'].map((a) => html`
          <option ?selected=${e?.action === a}>${a}</option>`)}</select></label>
        <label><input type="checkbox" name="enabled" ?checked=${e ? e.enabled : true}> enabled</label>
        <button type="submit">Save</button>
      </form>` : nothing}
    ${state.preview ? html`<h2>What ${state.preview.name} would act on now</h2>${state.preview.view(api, rerender)}`
      : nothing}`;
}
