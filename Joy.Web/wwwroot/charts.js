import uPlot from "/lib/uplot/uPlot.esm.js";
import { getJson } from "./api.js";

// The fleet charts (uPlot, served by Joy at /lib): runs per minute by outcome and p50/p99 run time over the
// last hour from /api/v1/Statistics/RunsPerMinute; queue depth and per-node utilisation sampled from the
// nodes panel's polling since the page opened.

const HOUR = 3600;
const colors = { succeeded: "#2f9e44", failed: "#e03131", cancelled: "#868e96", p50: "#1c7ed6", p99: "#f08c00", queue: "#3b5bdb" };
const palette = ["#3b5bdb", "#2f9e44", "#f08c00", "#ae3ec9", "#0c8599", "#e03131"];
const charts = {};
const fleet = { x: [], queue: [], nodes: new Map() };

function chart(id, title, series, axisLabel) {
  const host = document.getElementById(id);
  const options = {
    title, width: Math.max(host.clientWidth, 280), height: 180,
    series: [{}, ...series.map(s => ({ label: s.label, stroke: s.color, width: 2, points: { show: s.points ?? false, size: 6 } }))],
    axes: [{}, { label: axisLabel, size: 50 }],
    scales: { x: { time: true } },
  };
  charts[id]?.destroy();
  charts[id] = new uPlot(options, [[], ...series.map(() => [])], host);
  return charts[id];
}

export async function refreshRuns() {
  const series = await getJson("/api/v1/Statistics/RunsPerMinute?minutes=60");
  const byMinute = new Map(series.minutes.map(m => [Math.floor(Date.parse(m.minute) / 1000), m]));
  const end = Math.floor(Date.parse(series.windowEnd) / 60000) * 60;
  const x = [], ok = [], failed = [], cancelled = [], p50 = [], p99 = [];
  for (let t = end - HOUR + 60; t <= end; t += 60) {
    const m = byMinute.get(t);
    x.push(t); ok.push(m?.succeeded ?? 0); failed.push(m?.failed ?? 0); cancelled.push(m?.cancelled ?? 0);
    p50.push(m?.p50Ms ?? null); p99.push(m?.p99Ms ?? null);
  }

  charts["chart-runs"] ??= chart("chart-runs", "Runs per minute", [
    { label: "succeeded", color: colors.succeeded }, { label: "failed", color: colors.failed }, { label: "cancelled", color: colors.cancelled }], "runs");
  charts["chart-runs"].setData([x, ok, failed, cancelled]);
  charts["chart-times"] ??= chart("chart-times", "Run time", [
    { label: "p50 ms", color: colors.p50, points: true }, { label: "p99 ms", color: colors.p99, points: true }], "ms");
  charts["chart-times"].setData([x, p50, p99]);
  const total = [...ok, ...failed, ...cancelled].reduce((a, b) => a + b, 0);
  document.getElementById("chart-runs").dataset.total = String(total);
  document.getElementById("chart-times").dataset.points = String(p50.filter(v => v !== null).length);
}

// One sample per nodes refresh: waiting runs, and each node's share of its slots in use.
export function recordFleet(nodes, waiting) {
  const now = Date.now() / 1000;
  fleet.x.push(now);
  fleet.queue.push(waiting.total);
  for (const node of nodes) {
    if (!fleet.nodes.has(node.name)) fleet.nodes.set(node.name, fleet.x.slice(0, -1).map(() => null));
    fleet.nodes.get(node.name).push(Math.round(node.load * 100));
  }
  while (fleet.x.length && fleet.x[0] < now - HOUR) { fleet.x.shift(); fleet.queue.shift(); fleet.nodes.forEach(v => v.shift()); }

  charts["chart-queue"] ??= chart("chart-queue", "Queue depth", [{ label: "waiting", color: colors.queue }], "runs");
  charts["chart-queue"].setData([fleet.x, fleet.queue]);
  const names = [...fleet.nodes.keys()];
  if (charts["chart-nodes"]?.series.length !== names.length + 1) {
    chart("chart-nodes", "Node utilisation", names.map((name, i) => ({ label: name, color: palette[i % palette.length] })), "% of slots");
  }
  charts["chart-nodes"].setData([fleet.x, ...names.map(name => fleet.nodes.get(name))]);
  document.getElementById("chart-nodes").dataset.points = String(fleet.x.length);
}
