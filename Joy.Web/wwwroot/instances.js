import { getJson, el, statusBadge, dateTime, took } from "./api.js";

// The instances table: first page from /All (newest first), then kept live from the event feed.
const rows = new Map(); // id -> { summary, tr }
let next = null;
let filters = {};

export async function loadInstances(newFilters = filters, append = false) {
  filters = newFilters;
  const query = new URLSearchParams({ limit: "30", ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) });
  if (append && next) query.set("after", next);
  const page = await getJson(`/api/v1/StateMachineInstance/All?${query}`);
  const body = document.querySelector("#instances tbody");
  if (!append) { rows.clear(); body.replaceChildren(); }
  for (const summary of page.items) body.append(render(summary));
  next = page.next;
  document.getElementById("more").hidden = !next;
}

function render(summary) {
  const tr = el("tr", { "data-id": summary.id, onclick: () => { location.hash = summary.id; } });
  rows.set(summary.id, { summary, tr });
  fill(summary, tr);
  return tr;
}

function fill(s, tr) {
  tr.replaceChildren(
    el("td", {}, el("code", {}, s.id.length > 12 ? `${s.id.slice(0, 12)}…` : s.id)),
    el("td", {}, s.name),
    el("td", { class: "status-cell" }, statusBadge(s.status)),
    el("td", {}, s.stage ?? ""),
    el("td", {}, dateTime(s.startedAt)),
    el("td", {}, took(s.startedAt, s.finishedAt)));
  tr.classList.toggle("selected", location.hash.slice(1) === s.id);
}

function matches(summary) {
  return (!filters.name || filters.name === summary.name) && (!filters.status || filters.status === summary.status)
    && (!filters.stage || filters.stage === summary.stage);
}

// One event of the live feed: create or update the instance's row (no reload).
export function applyEvent(event) {
  const id = event.instanceId;
  if (!id) return;
  let row = rows.get(id);
  if (event.type === "instance.started.v1" && !row) {
    const summary = { id, name: event.data.stateMachineName, status: "Running", stage: null, startedAt: event.time, finishedAt: null };
    if (!matches(summary)) return;
    document.querySelector("#instances tbody").prepend(render(summary));
    return;
  }
  if (!row) return;
  const s = row.summary;
  switch (event.type) {
    case "instance.state-entered.v1": if (event.data.scope === "") s.stage = event.data.stateName; break;
    case "instance.succeeded.v1": s.status = "Succeeded"; s.finishedAt = event.time; break;
    case "instance.failed.v1": s.status = "Failed"; s.finishedAt = event.time; break;
    case "instance.cancelled.v1": s.status = "Cancelled"; s.finishedAt = event.time; break;
    case "instance.rerun-requested.v1": s.status = "Running"; s.finishedAt = null; s.startedAt = event.time; break;
    default: return;
  }
  fill(s, row.tr);
}

export function markSelected(id) {
  for (const [rowId, { tr }] of rows) tr.classList.toggle("selected", rowId === id);
}
