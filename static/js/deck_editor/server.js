/* The deck editor's requests to cardapp: JSON both ways, the CSRF token, and the one error shape. */

import { csrf } from "./state.js";

/** Sends `body` as JSON and resolves with the status, the parsed answer ({} when there is none) and
    the seconds a refused request (429) asks to wait (Retry-After; 0 when not given). */
export async function request(method, url, body) {
  const response = await fetch(url, { method, credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body) });
  const data = response.status === 204 ? {} : await response.json().catch(() => ({}));
  return { status: response.status, data, retryAfter: Number(response.headers.get("Retry-After")) || 0 };
}
