import { getJson, sendJson, el, dateTime, statusBadge } from "./api.js";

// The schedules panel: every schedule with its next and last fire, pause/resume and trigger; a schedule's recent
// fires link to their instances; a new schedule's cron is checked as it is typed, showing its next fire times.

const $ = id => document.getElementById(id);
let shown = null; // the schedule whose fires are open

const lastFire = fire => !fire ? "never" : el("span", {},
  el("span", { class: `status s-${fire.outcome}` }, fire.outcome), " ", dateTime(fire.tick),
  fire.instanceId ? [" ", el("a", { href: `#${fire.instanceId}` }, fire.instanceId.slice(0, 8))] : null);

async function act(name, action) {
  try {
    await sendJson("POST", `/api/v1/Schedule/${encodeURIComponent(name)}/${action}`, {});
    await loadSchedules();
  } catch (error) {
    $("schedule-result").textContent = error.message;
    $("schedule-result").classList.add("error");
  }
}

export async function loadSchedules() {
  const schedules = await getJson("/api/v1/Schedule/All");
  $("schedules").tBodies[0].replaceChildren(...schedules.map(s =>
    el("tr", { "data-name": s.name, class: s.paused ? "paused" : "" },
      el("td", {}, el("a", { href: "javascript:void 0", class: "fires-link", onclick: () => showFires(s.name) }, s.name)),
      el("td", {}, el("code", {}, s.cron), s.timeZone === "UTC" ? "" : ` (${s.timeZone})`),
      el("td", {}, s.stateMachine),
      el("td", {}, s.overlap),
      el("td", { class: "next" }, s.paused ? el("span", { class: "status s-Paused" }, "paused") : dateTime(s.nextFireTimes[0])),
      el("td", { class: "last" }, lastFire(s.lastFire)),
      el("td", {},
        el("button", { class: "toggle needs-operate", onclick: () => act(s.name, s.paused ? "resume" : "pause") }, s.paused ? "Resume" : "Pause"), " ",
        el("button", { class: "trigger needs-operate", onclick: () => act(s.name, "trigger") }, "Trigger")))));
  if (shown) await showFires(shown);
}

async function showFires(name) {
  shown = name;
  const schedule = await getJson(`/api/v1/Schedule/${encodeURIComponent(name)}`);
  $("fires-of").textContent = name;
  $("fires").tBodies[0].replaceChildren(...schedule.recentFires.map(f =>
    el("tr", {},
      el("td", {}, dateTime(f.tick)), el("td", {}, f.kind), el("td", {}, el("span", { class: `status s-${f.outcome}` }, f.outcome)),
      el("td", {}, f.instanceId ? [el("a", { href: `#${f.instanceId}` }, f.instanceId.slice(0, 8)), " ",
        f.instanceStatus ? statusBadge(f.instanceStatus) : null] : ""),
      el("td", {}, f.count > 1 ? `${f.count} ticks: ${f.reason ?? ""}` : f.reason ?? ""))));
  $("schedule-fires").hidden = false;
}

let previewing = 0;
async function preview() {
  const cron = $("schedule-cron").value.trim();
  const box = $("cron-preview");
  if (!cron) { box.textContent = ""; return; }
  const ticket = ++previewing;
  const query = new URLSearchParams({ cron, timeZone: $("schedule-zone").value.trim() || "UTC" });
  try {
    const next = await getJson(`/api/v1/Schedule/NextFireTimes?${query}`);
    if (ticket !== previewing) return;
    box.classList.remove("error");
    box.textContent = `next: ${next.map(dateTime).join(" · ")}`;
  } catch (error) {
    if (ticket !== previewing) return;
    box.classList.add("error");
    box.textContent = error.message;
  }
}

async function create(event) {
  event.preventDefault();
  const form = event.target;
  try {
    const body = {
      name: form.name.value.trim(), cron: form.cron.value.trim(), stateMachine: form.stateMachine.value.trim(),
      timeZone: form.timeZone.value.trim() || null, overlap: form.overlap.value,
      catchupWindowSeconds: Number(form.catchupWindowSeconds.value || 0), input: JSON.parse(form.input.value || "{}"),
      paused: form.paused.checked,
    };
    await sendJson("PUT", "/api/v1/Schedule", body);
    $("schedule-result").classList.remove("error");
    $("schedule-result").textContent = `created ${body.name}`;
    await loadSchedules();
  } catch (error) {
    $("schedule-result").classList.add("error");
    $("schedule-result").textContent = error.message;
  }
}

$("schedule-form").addEventListener("submit", create);
$("schedule-cron").addEventListener("input", preview);
$("schedule-zone").addEventListener("input", preview);
