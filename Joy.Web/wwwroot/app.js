import { getJson, sendJson, uploadBlob } from "./api.js";
import { refreshNodes } from "./nodes.js";
import { refreshRuns } from "./charts.js";
import * as instances from "./instances.js";
import * as detail from "./detail.js";
import { loadSchedules } from "./schedules.js";
import { follow as followFeed } from "./feed.js";
import { signIn } from "./signin.js";

// The dashboard, once a key is accepted: nodes (polled), instances and the open instance kept live from the SSE feed.

const $ = id => document.getElementById(id);
const report = (id, text, isError = false) => { const n = $(id); n.textContent = text; n.classList.toggle("error", isError); };

// Events are named by type; the page shows these.
const shown = new Set(["started", "state-entered", "state-exited", "state-failed", "succeeded", "failed", "cancelled", "rerun-requested",
  "actor-run-requested", "actor-run-started", "actor-run-succeeded", "actor-run-failed", "actor-run-cancelled",
  "branches-planned", "branch-started", "branch-succeeded", "branch-failed", "retry-scheduled", "wait-started", "timer-fired",
  "callback-delivered", "callback-failed"].map(type => `instance.${type}.v1`));

function follow() {
  // after=end: only what happens from now on; a reconnection resumes after the last event seen (Last-Event-ID).
  $("feed-status").hidden = false;
  followFeed("/api/v1/events/stream?after=end", {
    open: () => { $("feed-status").textContent = "live"; $("feed-status").className = "pill live"; },
    down: () => { $("feed-status").textContent = "reconnecting…"; $("feed-status").className = "pill down"; },
    message: message => {
      if (!shown.has(message.type)) return;
      const event = JSON.parse(message.data);
      instances.applyEvent(event);
      detail.applyEvent(event);
    },
  });
}

async function start(event) {
  event.preventDefault();
  const form = event.target;
  try {
    const input = JSON.parse(form.input.value || "{}");
    report("start-result", "uploading…");
    const initialBlobs = [];
    for (const file of form.files.files) initialBlobs.push({ id: await uploadBlob(file), name: file.name, tag: file.name });
    const created = await sendJson("PUT", "/api/v1/StateMachineInstance",
      { name: form.name.value.trim(), input, initialBlobs, priority: Number(form.priority.value || 0) });
    report("start-result", `started ${created.id}`);
    location.hash = created.id;
  } catch (error) {
    report("start-result", error.message, true);
  }
}

async function act(action) {
  try { await action(); report("action-result", "done"); } catch (error) { report("action-result", error.message, true); }
}

async function route() {
  const id = decodeURIComponent(location.hash.slice(1));
  instances.markSelected(id);
  try { await detail.showInstance(id); } catch (error) { report("action-result", error.message, true); }
}

async function machines() {
  try {
    const list = await getJson("/api/v1/StateMachine/All");
    const names = (Array.isArray(list) ? list : list.items ?? []).map(m => m.name ?? m.Name).filter(Boolean);
    $("machines").replaceChildren(...names.map(n => Object.assign(document.createElement("option"), { value: n })));
  } catch { /* the definitions API is optional here: the name is typed by hand then */ }
}

$("start-form").addEventListener("submit", start);
$("filter-form").addEventListener("submit", e => {
  e.preventDefault();
  instances.loadInstances(Object.fromEntries(new FormData(e.target))).catch(error => console.error(error));
});
$("more").addEventListener("click", () => instances.loadInstances(undefined, true));
$("cancel").addEventListener("click", () => act(detail.cancelCurrent));
$("rerun").addEventListener("click", () => act(detail.rerunCurrent));
window.addEventListener("hashchange", route);

await signIn();
follow();
await Promise.all([instances.loadInstances({}), refreshNodes().catch(console.error), refreshRuns().catch(console.error), machines(),
  loadSchedules().catch(console.error)]);
await route();
setInterval(() => refreshNodes().catch(console.error), 3000);
setInterval(() => refreshRuns().catch(console.error), 10000);
setInterval(() => loadSchedules().catch(console.error), 2000);
document.body.dataset.ready = "true";
