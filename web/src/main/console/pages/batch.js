// Batch jobs: every Jakarta Batch execution with its counts; stop a running one, restart a stopped one.
import { html, nothing } from '../lib.js';
import { badge, confirmOnce, PagedList, problemBox, when } from '../ui.js';

export async function executions(page, { api }) {
  let error = null;
  const act = async (e, verb) => {
    if (!confirmOnce(`${verb === 'stop' ? 'Stop' : 'Restart'} ${e.job_name} execution ${e.id}?`)) {
      return;
    }
    try {
      await api.post(`/batch/executions/${e.id}/${verb}`);
      error = null;
      await list.load(api);
    } catch (problem) {
      error = problem;
    }
    rerender();
  };
  const list = new PagedList(page, '/batch/executions', { limit: 50 },
    html`<tr><th>id</th><th>job</th><th>status</th><th>exit status</th><th>read</th><th>written</th><th>skipped</th>
      <th>started</th><th>finished</th><th></th></tr>`,
    (e) => html`<tr><td>${e.id}</td><td>${e.job_name}</td><td>${badge(e.status)}</td><td>${e.exit_status || '–'}</td>
      <td>${e.read_count}</td><td>${e.write_count}</td><td>${e.skip_count}</td><td>${when(e.started_at)}</td>
      <td>${when(e.finished_at)}</td><td>
        ${['started', 'starting'].includes(e.status) ? html`<button @click=${() => act(e, 'stop')}>Stop</button>` : nothing}
        ${['stopped', 'failed'].includes(e.status) ? html`<button @click=${() => act(e, 'restart')}>Restart</button>`
          : nothing}</td></tr>`);
  const rerender = () => page.show(html`<h1>Batch jobs</h1>${problemBox(error)}${list.view(api, rerender)}`);
  await page.poll(async () => {
    await list.load(api);
    rerender();
    return true;
  }, 5000);
}
