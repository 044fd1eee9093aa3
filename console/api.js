// Every call of the console goes through the public API with the signed-in token, kept in
// sessionStorage: it lasts as long as the tab, and nothing else of the page can read it
// from a cookie. Errors keep the server's messageId.

const TOKEN_KEY = "inlet.token";

export function token() { return sessionStorage.getItem(TOKEN_KEY); }
export function signIn(value) { sessionStorage.setItem(TOKEN_KEY, value.trim()); }
export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  current = null;
}

// The signed-in token as the server describes it (GET /api/v1/tokens/current): pages
// offer only what its scopes allow.
let current = null;
export function currentToken() { return current; }
export async function loadCurrentToken() { current = await api("GET", "/api/v1/tokens/current"); }
export function may(scope) {
  return current !== null && (current.scopes.includes(scope) || current.scopes.includes("admin"));
}

export class ApiError extends Error {
  constructor(status, messageId, message) {
    super(message);
    this.status = status;
    this.messageId = messageId;
  }
  toString() { return `${this.status} ${this.messageId}: ${this.message}`; }
}

// api("GET", "/api/v1/endpoints") → the answer's JSON; throws ApiError.
export async function api(method, path, body) {
  const headers = { Authorization: `Bearer ${token()}` };
  const init = { method, headers };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, "no-answer", `the server did not answer: ${e.message}`);
  }
  if (response.status === 204) return null;
  const answer = await response.json().catch(() => null);
  if (!response.ok) {
    const first = answer && Array.isArray(answer.errors) ? answer.errors[0] : null;
    throw new ApiError(response.status, first ? first.messageId : "http-" + response.status,
                       first ? first.errorMessage : response.statusText);
  }
  return answer;
}

// Every item of a paged list (items + next), following `next`.
export async function all(path) {
  const items = [];
  let after = null;
  do {
    const separator = path.includes("?") ? "&" : "?";
    const page = await api("GET", after ? `${path}${separator}after=${encodeURIComponent(after)}` : path);
    items.push(...page.items);
    after = page.next;
  } while (after);
  return items;
}
