// The REST API under /api/v1. A failure is thrown as an Error carrying the problem's detail.

export class ApiError extends Error {
  constructor(problem) {
    super(problem.detail || problem.title || 'request failed');
    this.status = problem.status;
    this.problem = problem;
  }
}

// With tokens configured the server wants one on every request. It is kept for this tab only
// (sessionStorage), and sent in a header, which a page on another site cannot make a browser send.
const TOKEN = 'tidemark.token';

export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN, token);
  else sessionStorage.removeItem(TOKEN);
}

export function hasToken() {
  return sessionStorage.getItem(TOKEN) !== null;
}

function headers(more) {
  const token = sessionStorage.getItem(TOKEN);
  return token ? {...more, Authorization: `Bearer ${token}`} : more;
}

async function answer(response) {
  const type = response.headers.get('content-type') || '';
  const body = type.includes('json') ? await response.json() : {detail: await response.text()};
  if (!response.ok) {
    throw new ApiError({status: response.status, ...body});
  }
  return body;
}

export async function get(path, parameters = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, value);
  }
  const text = query.toString();
  return answer(await fetch(`/api/v1${path}${text ? '?' + text : ''}`, {headers: headers({Accept: 'application/json'})}));
}

/** Writes are JSON: a page elsewhere cannot send that without the server's consent. */
export async function post(path, body = {}) {
  return answer(await fetch(`/api/v1${path}`, {
    method: 'POST',
    headers: headers({'Content-Type': 'application/json', Accept: 'application/json'}),
    body: JSON.stringify(body),
  }));
}
