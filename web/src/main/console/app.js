// The console's shell: sign-in with a token, the navigation the token's role may use, the router.
import { html, render } from './lib.js';
import { api, roleOf, token } from './api.js';
import { Page, problemBox } from './ui.js';
import { overview } from './pages/overview.js';
import { deletion, deletions } from './pages/deletions.js';
import { owners } from './pages/owners.js';
import { maintenance, maintenanceRun } from './pages/maintenance.js';
import { quarantine } from './pages/quarantine.js';
import { policies } from './pages/policies.js';
import { executions } from './pages/batch.js';
import { usage } from './pages/usage.js';
import { audit } from './pages/audit.js';

/** The pages: path pattern, title in the navigation (none: reached by link), roles that see it. */
const ROUTES = [
  { path: /^overview$/, title: 'Overview', roles: ['admin'], show: overview },
  { path: /^deletions$/, title: 'Deletions', roles: ['admin', 'app'], show: deletions },
  { path: /^deletions\/([\w-]+)$/, roles: ['admin', 'app'], show: deletion },
  { path: /^owners$/, title: 'Owners', roles: ['admin', 'app'], show: owners },
  { path: /^maintenance$/, title: 'Maintenance', roles: ['admin'], show: maintenance },
  { path: /^maintenance\/([\w-]+)$/, roles: ['admin'], show: maintenanceRun },
  { path: /^quarantine$/, title: 'Quarantine', roles: ['admin'], show: quarantine },
  { path: /^policies$/, title: 'Retention', roles: ['admin', 'app'], show: policies },
  { path: /^batch$/, title: 'Batch jobs', roles: ['admin'], show: executions },
  { path: /^usage$/, title: 'Usage', roles: ['admin', 'app'], show: usage },
  { path: /^audit$/, title: 'Audit', roles: ['admin'], show: audit },
];

let role = null;

function home() {
  return role === 'admin' ? 'overview' : 'deletions';
}

function shell() {
  render(html`${ROUTES.filter((r) => r.title && r.roles.includes(role)).map((r) => html`
      <a href="#/${r.path.source.slice(1, -1)}" data-page=${r.path.source.slice(1, -1)}>${r.title}</a>`)}`,
  document.getElementById('nav'));
  render(role ? html`<span class="role">${role}</span>
      <button class="link" id="sign-out" @click=${signOut}>Sign out</button>` : html``,
  document.getElementById('who'));
}

function signOut() {
  token.clear();
  role = null;
  shell();
  signIn();
}

function signIn(error) {
  const page = new Page();
  page.show(html`<section class="sign-in">
    <h1>Sign in</h1>
    <p>Enter an API token (<code>admin</code> or <code>app</code>). It is kept in this tab only and sent
      only to this service.</p>
    ${problemBox(error)}
    <form id="sign-in" @submit=${async (event) => {
      event.preventDefault();
      token.set(new FormData(event.target).get('token').trim());
      await start();
    }}>
      <label>Token <input name="token" type="password" autocomplete="off" required autofocus></label>
      <button type="submit">Sign in</button>
    </form>
  </section>`);
}

async function start() {
  try {
    role = await roleOf();
  } catch (e) {
    token.clear();
    role = null;
    shell();
    signIn(e);
    return;
  }
  shell();
  route();
}

function route() {
  if (!role) {
    return;
  }
  const path = location.hash.replace(/^#\/?/, '') || home();
  const target = path.split('?')[0];
  for (const link of document.querySelectorAll('#nav a')) {
    link.classList.toggle('current', target.startsWith(link.dataset.page));
  }
  const match = ROUTES.map((r) => ({ r, m: target.match(r.path) })).find((x) => x.m && x.r.roles.includes(role));
  const page = new Page();
  if (!match) {
    page.show(html`<h1>Not found</h1><p>No page <code>${target}</code> for the ${role} role.
      <a href="#/${home()}">Go home</a></p>`);
    return;
  }
  const query = new URLSearchParams(path.includes('?') ? path.slice(path.indexOf('?') + 1) : '');
  match.r.show(page, { api, role, params: match.m.slice(1), query });
}

window.addEventListener('hashchange', route);
if (token.get()) {
  start();
} else {
  signIn();
}
