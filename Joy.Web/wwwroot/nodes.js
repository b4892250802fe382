import { getJson, el } from "./api.js";
import { recordFleet } from "./charts.js";

// The nodes panel: health, load bar, running jobs (instance + actor); waiting runs by priority.
export async function refreshNodes() {
  const [nodes, waiting] = await Promise.all([
    getJson("/api/v1/DockerNode/All"),
    getJson("/api/v1/DockerNode/WaitingTasks"),
  ]);
  document.getElementById("nodes").replaceChildren(...nodes.map(node =>
    el("div", { class: "node", "data-node": node.name },
      el("div", {}, el("span", { class: `dot ${node.healthy ? "up" : "down"}`, title: node.lastError ?? "healthy" }),
        el("span", { class: "name" }, node.name), " ", el("small", {}, node.image)),
      el("div", { class: "addr" }, node.address),
      el("div", { class: "bar", title: `${node.runningJobs} of ${node.maxRunningJobs} slots` },
        el("div", { style: `width:${Math.round(node.load * 100)}%` })),
      el("small", {}, `${node.runningJobs} / ${node.maxRunningJobs} running`, node.healthy ? "" : ` — ${node.lastError ?? "unhealthy"}`),
      node.running.length ? el("ul", {}, node.running.map(run =>
        el("li", {}, el("code", {}, run.actor), " in ", el("a", { href: `#${run.instanceId}` }, run.instanceId.slice(0, 8)),
          ` (${run.state})`))) : null)));
  document.getElementById("waiting").textContent = waiting.total
    ? `— ${waiting.total} waiting (${waiting.byPriority.map(p => `p${p.priority}: ${p.count}`).join(", ")})`
    : "— nothing waiting";
  recordFleet(nodes, waiting);
}
