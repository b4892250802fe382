import { getJson, sendJson, el, statusBadge, time, took, blobId, blobBytes, downloadBlob } from "./api.js";

// One instance: its status and output, actor runs (with logs and output files) and the event timeline.
let current = null; // { id, events }

export async function showInstance(id) {
  const panel = document.getElementById("detail-panel");
  if (!id) { panel.hidden = true; current = null; return; }
  const history = await getJson(`/api/v1/StateMachineInstance/${encodeURIComponent(id)}/events`);
  current = { id, events: history.events };
  panel.hidden = false;
  document.getElementById("detail-id").textContent = id;
  document.getElementById("log").hidden = true;
  document.getElementById("action-result").textContent = "";
  render();
}

// A live event: append it when it belongs to the instance shown.
export function applyEvent(event) {
  if (!current || event.instanceId !== current.id) return;
  if (current.events.some(e => e.position === event.position)) return;
  current.events.push(event);
  render();
}

function render() {
  const { events } = current;
  const status = statusOf(events);
  document.getElementById("detail-status").replaceChildren(statusBadge(status));
  document.getElementById("cancel").disabled = status !== "Running";
  const stages = [...new Set(events.filter(e => e.type === "instance.state-entered.v1" && e.data.scope === "").map(e => e.data.stateName))];
  const select = document.getElementById("rerun-stage");
  const chosen = select.value;
  select.replaceChildren(...stages.map(s => el("option", { value: s }, s)));
  if (stages.includes(chosen)) select.value = chosen;
  document.getElementById("detail-output").replaceChildren(outputOf(events));
  document.querySelector("#runs tbody").replaceChildren(...runsOf(events).map(runRow));
  document.getElementById("timeline").replaceChildren(...events.map(e =>
    el("li", { class: timelineClass(e.type) }, el("time", {}, time(e.time)), el("b", {}, shortType(e.type)), " ", describe(e))));
}

function statusOf(events) {
  let status = "Running";
  for (const e of events) {
    if (e.type === "instance.succeeded.v1") status = "Succeeded";
    else if (e.type === "instance.failed.v1") status = "Failed";
    else if (e.type === "instance.cancelled.v1") status = "Cancelled";
    else if (e.type === "instance.rerun-requested.v1") status = "Running";
  }
  return status;
}

function outputOf(events) {
  const end = [...events].reverse().find(e => /instance\.(succeeded|failed|cancelled)\.v1/.test(e.type));
  if (!end) return el("p", { class: "note" }, "Running…");
  if (end.type !== "instance.succeeded.v1") {
    return el("div", { class: "output" }, el("div", { class: "verdict" }, end.data.error ?? "Cancelled"), el("pre", { class: "mono" }, end.data.cause ?? end.data.reason ?? ""));
  }
  const output = end.data.output;
  const verdict = output && (output.verdict ?? output.Verdict ?? output.result);
  return el("div", { class: "output" }, verdict ? el("div", { class: "verdict", id: "verdict" }, typeof verdict === "string" ? verdict : JSON.stringify(verdict)) : null,
    testsTable(output?.tests),
    el("pre", { class: "mono", id: "output-json" }, JSON.stringify(output, null, 2)));
}

function runsOf(events) {
  const runs = new Map();
  for (const e of events) {
    const d = e.data;
    if (e.type === "instance.actor-run-requested.v1") runs.set(d.runId, { runId: d.runId, path: d.path, attempt: d.attempt, actor: d.actor?.name, status: "Requested", at: e.time });
    const run = runs.get(d.runId);
    if (!run) continue;
    if (e.type === "instance.actor-run-started.v1") Object.assign(run, { status: "Started", node: d.node, startedAt: e.time });
    if (e.type === "instance.actor-run-succeeded.v1") Object.assign(run, { status: "Succeeded", result: d.result, endedAt: e.time });
    if (e.type === "instance.actor-run-failed.v1") Object.assign(run, { status: "Failed", result: d.result, error: `${d.error}: ${d.cause}`, endedAt: e.time });
    if (e.type === "instance.actor-run-cancelled.v1") Object.assign(run, { status: "Cancelled", endedAt: e.time });
  }
  return [...runs.values()];
}

function runRow(run) {
  const r = run.result ?? {};
  const log = blobId(r.log);
  const outputs = Object.entries(r.outputs ?? {}).map(([name, ref]) => [name, blobId(ref)]).filter(([, id]) => id);
  return el("tr", { title: run.error ?? "" },
    el("td", {}, el("code", {}, run.path)), el("td", {}, run.actor ?? ""), el("td", {}, run.attempt),
    el("td", {}, run.node ?? r.node ?? ""), el("td", {}, statusBadge(run.status)), el("td", {}, r.exitCode ?? ""),
    el("td", { class: "wall" }, wallOf(r, run)),
    el("td", { class: "cpu" }, r.cpuTimeMs != null ? `${r.cpuTimeMs} ms` : ""),
    el("td", { class: "memory" }, mib(r.peakMemoryBytes)),
    el("td", { class: "files" },
      log ? el("button", { class: "link", onclick: () => showLog(log, run.path) }, "log") : null,
      outputs.map(([name, id]) => el("button", { class: "link", title: id, onclick: () => downloadBlob(id, name) }, name))));
}

// What the meter counted (results from before it have durationMs only); a timeout names its limit.
function wallOf(r, run) {
  const ms = r.wallTimeMs ?? r.durationMs;
  const wall = ms != null ? `${ms} ms` : took(run.startedAt, run.endedAt);
  return r.timedOut ? `${wall} (${r.timeoutReason ?? "wall"} limit)` : wall;
}

const mib = bytes => (bytes != null ? `${(bytes / 1048576).toFixed(1)} MiB` : "");

// A judge's page: verdict, CPU time and peak memory per test, when the output lists tests.
function testsTable(tests) {
  if (!Array.isArray(tests) || tests.length === 0 || typeof tests[0] !== "object") return null;
  return el("table", { id: "tests" },
    el("thead", {}, el("tr", {}, el("th", {}, "Test"), el("th", {}, "Verdict"), el("th", {}, "CPU"), el("th", {}, "Peak memory"))),
    el("tbody", {}, tests.map(t => el("tr", {},
      el("td", {}, t.test ?? ""), el("td", { class: "test-verdict" }, t.verdict ?? ""),
      el("td", {}, t.cpuTimeMs != null ? `${t.cpuTimeMs} ms` : ""), el("td", {}, mib(t.peakMemoryBytes))))));
}

async function showLog(id, path) {
  const pre = document.getElementById("log");
  pre.hidden = false;
  pre.textContent = `${path}: loading…`;
  pre.textContent = (await (await blobBytes(id)).text()) || "(empty log)";
}

const shortType = type => type.replace(/^instance\./, "").replace(/\.v\d+$/, "");
const timelineClass = type => (/succeeded/.test(type) ? "t-ok" : /failed|cancelled/.test(type) ? "t-fail" : /started|requested|entered/.test(type) ? "t-run" : "");

function describe(e) {
  const d = e.data;
  switch (e.type) {
    case "instance.started.v1": return `${d.stateMachineName} v${d.stateMachineVersion}`;
    case "instance.state-entered.v1": case "instance.state-exited.v1": return d.path;
    case "instance.actor-run-requested.v1": return `${d.actor?.name} for ${d.path} (attempt ${d.attempt})`;
    case "instance.actor-run-started.v1": return `on ${d.node}`;
    case "instance.actor-run-succeeded.v1": return `exit ${d.result?.exitCode ?? "?"}`;
    case "instance.actor-run-failed.v1": case "instance.failed.v1": case "instance.state-failed.v1": return `${d.error}: ${d.cause}`;
    case "instance.rerun-requested.v1": return `from ${d.fromState}`;
    default: return d.path ?? "";
  }
}

export async function cancelCurrent() {
  await sendJson("DELETE", `/api/v1/StateMachineInstance/${encodeURIComponent(current.id)}`);
}

export async function rerunCurrent() {
  await sendJson("PATCH", `/api/v1/StateMachineInstance/${encodeURIComponent(current.id)}`, { stage: document.getElementById("rerun-stage").value });
}
