// Thin helpers over Joy's HTTP API. Every request carries the key kept for this browser session (never in a URL);
// every error surfaces as an Error with the ProblemDetails text, its status and detail.

const KEY = "joy.key";
export const keptKey = () => sessionStorage.getItem(KEY);
export const keepKey = key => sessionStorage.setItem(KEY, key);
export const forgetKey = () => sessionStorage.removeItem(KEY);

let unauthorized = () => {};
// What to do when the kept key is refused (401: expired, revoked or unknown): the sign-in sets it.
export function onUnauthorized(handler) { unauthorized = handler; }

// fetch with the kept key; a 401 hands its detail to the sign-in before the caller sees the error.
export async function authorizedFetch(url, init = {}) {
  const headers = new Headers(init.headers);
  const key = keptKey();
  if (key) headers.set("Authorization", `Bearer ${key}`);
  const response = await fetch(url, { ...init, headers });
  if (response.status === 401) {
    const error = await problem(response);
    unauthorized(error.detail);
    throw error;
  }
  return response;
}

// Who a key belongs to ({name, role, credential}), asked with that key alone: a refusal throws, it signs nobody out.
export async function whoami(key) {
  const response = await fetch("/api/v1/whoami", { headers: { Accept: "application/json", Authorization: `Bearer ${key}` } });
  if (!response.ok) throw await problem(response);
  return response.json();
}

export async function getJson(url) {
  const response = await authorizedFetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw await problem(response);
  return response.json();
}

export async function sendJson(method, url, body) {
  const response = await authorizedFetch(url, {
    method,
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await problem(response);
  return response.status === 204 ? null : response.json().catch(() => null);
}

// Uploads one file as raw bytes; returns its blob id (sha-256 hex).
export async function uploadBlob(file) {
  const response = await authorizedFetch(`/api/v1/Blob?remark=${encodeURIComponent(file.name)}`, {
    method: "PUT",
    headers: { "Content-Type": "application/octet-stream" },
    body: file,
  });
  if (!response.ok) throw await problem(response);
  return (await response.json()).id;
}

// A blob's raw bytes (Accept: application/octet-stream; a plain link would get the JSON form).
export async function blobBytes(id) {
  const response = await authorizedFetch(`/api/v1/Blob/${id}`, { headers: { Accept: "application/octet-stream" } });
  if (!response.ok) throw await problem(response);
  return response.blob();
}

export async function downloadBlob(id, name) {
  const url = URL.createObjectURL(await blobBytes(id));
  const a = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// "abc…" or {"blob": "abc…"} -> "abc…"
export function blobId(ref) {
  if (!ref) return null;
  if (typeof ref === "string") return ref;
  return ref.blob ?? ref.id ?? null;
}

export async function problem(response) {
  let text = `${response.status} ${response.statusText}`;
  let detail = null;
  try {
    const body = await response.json();
    const errors = body.errors ? Object.entries(body.errors).map(([k, v]) => `${k}: ${[].concat(v).join(" ")}`) : [];
    text = [body.title, body.detail, ...errors].filter(Boolean).join(" — ");
    detail = body.detail ?? null;
  } catch { /* not JSON: keep the status line */ }
  return Object.assign(new Error(text), { status: response.status, detail: detail ?? text });
}

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  node.append(...children.flat().filter(c => c !== null && c !== undefined).map(c => (c instanceof Node ? c : String(c))));
  return node;
}

export const time = iso => (iso ? new Date(iso).toLocaleTimeString() : "");
export const dateTime = iso => (iso ? new Date(iso).toLocaleString() : "");

export function took(from, to) {
  if (!from) return "";
  const ms = (to ? new Date(to) : new Date()) - new Date(from);
  return ms < 1000 ? `${ms} ms` : ms < 60000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60000)} min`;
}

export const statusBadge = status => el("span", { class: `status s-${status}` }, status);
