// Usage: objects and bytes by user, project, file type or retention class, and a user's bytes over time.
import { html, nothing, uPlot } from '../lib.js';
import { bytes, formValues, PagedList, problemBox } from '../ui.js';

const GROUPS = ['user', 'project', 'file_type', 'retention_class'];

function barChart(target, rows) {
  target.replaceChildren();
  if (!rows.length) {
    return;
  }
  const shown = rows.slice(0, 30);
  const options = {
    width: Math.min(900, target.clientWidth || 900), height: 260,
    scales: { x: { time: false } },
    axes: [{ values: (u, ticks) => ticks.map((i) => shown[i]?.group ?? '') },
      { values: (u, ticks) => ticks.map((v) => bytes(v)), size: 80 }],
    series: [{}, { label: 'bytes', fill: 'rgba(47, 111, 178, 0.6)', stroke: '#2f6fb2',
      paths: uPlot.paths.bars({ size: [0.7, 60] }), points: { show: false } }],
    legend: { show: false },
  };
  new uPlot(options, [shown.map((_, i) => i), shown.map((r) => r.bytes)], target);
}

function lineChart(target, days) {
  target.replaceChildren();
  if (!days.length) {
    return;
  }
  const options = {
    width: Math.min(900, target.clientWidth || 900), height: 240,
    axes: [{}, { values: (u, ticks) => ticks.map((v) => bytes(v)), size: 80 }],
    series: [{}, { label: 'bytes', stroke: '#2f6fb2', width: 2 }],
  };
  new uPlot(options, [days.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000), days.map((d) => d.bytes)], target);
}

export async function usage(page, { api, query }) {
  const groupBy = query.get('group_by') || 'user';
  const userId = query.get('user_id') || '';
  let history = null;
  let error = null;
  const list = new PagedList(page, '/usage', { group_by: groupBy, limit: 100 },
    html`<tr><th>${groupBy}</th><th>objects</th><th>bytes</th></tr>`,
    (r) => html`<tr><td>${groupBy === 'user' ? html`<a href="#/usage?group_by=user&user_id=${encodeURIComponent(r.group)}">
      ${r.group}</a>` : r.group}</td><td>${r.objects}</td><td>${bytes(r.bytes)}</td></tr>`);
  if (userId) {
    try {
      history = await api.get('/usage/history', { user_id: userId, days: 30 });
    } catch (e) {
      error = e;
    }
  }
  const rerender = () => {
    page.show(html`<h1>Usage</h1>
      <label>Group by <select id="group-by" @change=${(e) => { location.hash = `#/usage?group_by=${e.target.value}`; }}>
        ${GROUPS.map((g) => html`<option ?selected=${g === groupBy}>${g}</option>`)}</select></label>
      <div id="usage-chart" class="chart"></div>
      ${list.view(api, rerender)}
      <h2>Bytes over time</h2>
      <form class="inline" @submit=${(event) => {
        event.preventDefault();
        location.hash = `#/usage?group_by=${groupBy}&${new URLSearchParams(formValues(event.target))}`;
      }}><label>user_id <input name="user_id" .value=${userId} required></label><button type="submit">Show 30 days</button>
      </form>
      ${problemBox(error)}${history ? html`<div id="history-chart" class="chart"></div>` : nothing}`);
    if (page.alive()) {
      barChart(document.getElementById('usage-chart'), list.items);
      if (history) {
        lineChart(document.getElementById('history-chart'), history.items);
      }
    }
  };
  await list.load(api);
  rerender();
}
