import {
  byId,
  el,
  formatAge,
  formatMoney,
  replaceChildren,
} from "../shared/dom.js";
import type { ServerClock } from "../shared/serverClock.js";
import type { NodeInfo, Stats } from "../shared/types.js";

/**
 * The figures at the top of the dashboard and the table of live nodes,
 * with each node's online players and heartbeat age.
 */
export class OverviewView {
  private nodes: NodeInfo[] = [];
  private stats: Stats | undefined;

  constructor(private readonly clock: ServerClock) {}

  show(nodes: NodeInfo[], stats: Stats): void {
    this.nodes = nodes;
    this.stats = stats;
    this.renderFigures(stats);
    this.renderNodes();
  }

  /** Re-renders heartbeat ages, which change without new data. */
  renderNodes(): void {
    const now = this.clock.now();
    const online = this.stats?.onlineByNode ?? {};
    const rows = this.nodes.map((node) =>
      el(
        "tr",
        { "data-node": node.id },
        el("td", { class: "node-id" }, node.id),
        el(
          "td",
          {},
          el("span", { class: `role role-${node.role}` }, node.role),
        ),
        el("td", { class: "num" }, formatMoney(node.connections)),
        el(
          "td",
          { class: "num" },
          formatMoney(online[node.id] ?? node.players),
        ),
        el("td", { class: "num" }, `${formatAge(now - node.heartbeatAt)} ago`),
      ),
    );
    if (rows.length === 0) {
      rows.push(el("tr", {}, el("td", { colspan: 5 }, "No live nodes.")));
    }
    replaceChildren(byId("nodes-body"), ...rows);
  }

  private renderFigures(stats: Stats): void {
    const figures: Array<[string, string, string?]> = [
      ["Players", formatMoney(stats.players)],
      ["Online", formatMoney(stats.online)],
      ["Nodes", formatMoney(this.nodes.length)],
      ["Tick period", `${formatMoney(stats.tick.periodMs)} ms`],
      ["Last tick", ...lastTick(stats)],
    ];
    if (typeof stats.pushesPerSecond === "number") {
      figures.push([
        "Pushes / s",
        formatMoney(Math.round(stats.pushesPerSecond)),
      ]);
    }
    replaceChildren(
      byId("figures"),
      ...figures.map(([name, value, note]) =>
        el(
          "div",
          { class: "figure" },
          el("dt", {}, name),
          el("dd", {}, value, note && el("small", {}, note)),
        ),
      ),
    );
  }
}

/** The last tick's duration, and how many players it settled. */
function lastTick(stats: Stats): [string, string?] {
  const { lastDurationMs, lastSettled } = stats.tick;
  if (lastDurationMs === null) return ["none yet"];
  const settled =
    lastSettled === null ? undefined : `${formatMoney(lastSettled)} settled`;
  return [`${formatMoney(lastDurationMs)} ms`, settled];
}
