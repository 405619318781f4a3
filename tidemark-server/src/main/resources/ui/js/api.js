// The REST API under /api/v1. A failure is thrown as an Error carrying the problem's detail.

export class ApiError extends Error {
  constructor(problem) {
    super(problem.detail || problem.title || 'request failed');
    this.status = problem.status;
    this.problem = problem;
  }
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
  return answer(await fetch(`/api/v1${path}${text ? '?' + text : ''}`, {headers: {Accept: 'application/json'}}));
}

/** Writes are JSON: a page elsewhere cannot send that without the server's consent. */
export async function post(path, body = {}) {
  return answer(await fetch(`/api/v1${path}`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', Accept: 'application/json'},
    body: JSON.stringify(body),
  }));
}
