// Thin helpers over Joy's HTTP API. Every error surfaces as an Error with the ProblemDetails text.

export async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw await problem(response);
  return response.json();
}

export async function sendJson(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await problem(response);
  return response.status === 204 ? null : response.json().catch(() => null);
}

// Uploads one file as raw bytes; returns its blob id (sha-256 hex).
export async function uploadBlob(file) {
  const response = await fetch(`/api/v1/Blob?remark=${encodeURIComponent(file.name)}`, {
    method: "PUT",
    headers: { "Content-Type": "application/octet-stream" },
    body: file,
  });
  if (!response.ok) throw await problem(response);
  return (await response.json()).id;
}

// A blob's raw bytes (Accept: application/octet-stream; a plain link would get the JSON form).
export async function blobBytes(id) {
  const response = await fetch(`/api/v1/Blob/${id}`, { headers: { Accept: "application/octet-stream" } });
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

async function problem(response) {
  let text = `${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    const errors = body.errors ? Object.entries(body.errors).map(([k, v]) => `${k}: ${[].concat(v).join(" ")}`) : [];
    text = [body.title, body.detail, ...errors].filter(Boolean).join(" — ");
  } catch { /* not JSON: keep the status line */ }
  return new Error(text);
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
