// The public API as the console calls it: same origin only, the operator's bearer token from
// sessionStorage (never in a URL), every error as the problem+json the API answered.
const BASE = '/api/v1';
const TOKEN = 'custodian.token';

export const token = {
  get: () => sessionStorage.getItem(TOKEN),
  set: (value) => sessionStorage.setItem(TOKEN, value),
  clear: () => sessionStorage.removeItem(TOKEN),
};

/** An API error: the problem's title, detail and instance, as an operator quotes them. */
export class Problem extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem.title || `HTTP ${status}`;
    this.detail = problem.detail || '';
    this.instance = problem.instance || '';
  }
}

async function call(method, path, { query, body, accept = 'application/json' } = {}) {
  const url = new URL(BASE + path, location.origin);
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== '') {
      url.searchParams.set(name, value);
    }
  }
  const headers = { Accept: accept };
  const secret = token.get();
  if (secret) {
    headers.Authorization = `Bearer ${secret}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(url, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', redirect: 'error',
    });
  } catch (e) {
    throw new Problem(0, { title: 'The service cannot be reached', detail: String(e.message || e) });
  }
  if (!response.ok) {
    let problem = {};
    try {
      problem = await response.json();
    } catch (e) {
      problem = { title: `HTTP ${response.status}`, detail: response.statusText };
    }
    throw new Problem(response.status, problem);
  }
  if (accept !== 'application/json') {
    return response.blob();
  }
  return response.status === 204 ? null : response.json();
}

export const api = {
  get: (path, query) => call('GET', path, { query }),
  post: (path, body, query) => call('POST', path, { body: body ?? {}, query }),
  put: (path, body) => call('PUT', path, { body }),
  del: (path, query) => call('DELETE', path, { query }),
  blob: (path, accept) => call('GET', path, { accept }),
};

/**
 * The role of the token: admin if the admin overview answers, app if only the app API does.
 * A token the service does not know is refused with its problem.
 */
export async function roleOf() {
  try {
    await api.get('/admin/overview');
    return 'admin';
  } catch (e) {
    if (e.status !== 403) {
      throw e;
    }
  }
  await api.get('/deletions', { limit: 1 });
  return 'app';
}
