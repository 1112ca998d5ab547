/**
 * The operator dashboard: asks for the admin token (kept for this tab in
 * sessionStorage), then refreshes cluster figures every second and says
 * when they are stale.
 */
import { ApiError } from "../shared/api.js";
import { byId, field, formatAge, say } from "../shared/dom.js";
import { errorText } from "../shared/errorText.js";
import { ServerClock } from "../shared/serverClock.js";
import { OverviewView } from "./overviewView.js";
import { PlayersView } from "./playersView.js";
import { Refresher, STALE_AFTER_MS, type Snapshot } from "./refresher.js";
import { TickChart } from "./tickChart.js";

/** sessionStorage key of the admin token. */
const TOKEN_KEY = "accrue.adminToken";

/** How often the freshness line and heartbeat ages are redrawn (ms). */
const CLOCK_REDRAW_MS = 250;

const clock = new ServerClock();
const overview = new OverviewView(clock);
const chart = new TickChart(byId("tick-chart"));
let token = sessionStorage.getItem(TOKEN_KEY) ?? "";
let refresher: Refresher | undefined;
let lastFailure: ApiError | undefined;

new PlayersView(() => token, clock, rejected);
byId<HTMLFormElement>("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const entered = field(event.target as HTMLFormElement, "token");
  if (!entered)
    return say(byId("token-message"), "Enter the admin token.", "error");
  sessionStorage.setItem(TOKEN_KEY, entered);
  openDashboard(entered);
});
byId("forget-token").addEventListener("click", () => {
  sessionStorage.removeItem(TOKEN_KEY);
  closeDashboard("Token forgotten for this tab.");
});
window.setInterval(showFreshness, CLOCK_REDRAW_MS);

if (token) openDashboard(token);
else closeDashboard();

function openDashboard(newToken: string): void {
  token = newToken;
  refresher?.stop();
  refresher = new Refresher(token, { onData, onFailure, onRejected: rejected });
  byId("token-view").hidden = true;
  byId("dash-view").hidden = false;
  byId("forget-token").hidden = false;
  refresher.start();
}

function closeDashboard(note?: string, tone: "info" | "error" = "info"): void {
  refresher?.stop();
  refresher = undefined;
  token = "";
  byId("dash-view").hidden = true;
  byId("forget-token").hidden = true;
  byId("token-view").hidden = false;
  say(byId("token-message"), note ?? "", tone);
  byId("token-input").focus();
  showFreshness();
}

function rejected(error: ApiError): void {
  sessionStorage.removeItem(TOKEN_KEY);
  closeDashboard(errorText(error, "admin"), "error");
}

function onData(snapshot: Snapshot): void {
  lastFailure = undefined;
  const { nodes, stats } = snapshot;
  const stamps = [...nodes.map((n) => n.heartbeatAt), stats.tick.lastAt ?? 0];
  clock.sample(Math.max(...stamps), snapshot.receivedAt);
  overview.show(nodes, stats);
  chart.add(stats.tick.recent ?? [], stats.tick.periodMs, clock.now());
  showFreshness();
}

function onFailure(error: ApiError): void {
  lastFailure = error;
  showFreshness();
}

/** The header line: fresh, stale (with why), or signed out. */
function showFreshness(): void {
  const line = byId("freshness");
  const age = refresher?.age();
  if (!refresher) return say(line, "Not signed in", "info");
  if (age !== undefined) overview.renderNodes();
  const stale =
    age === undefined ? lastFailure !== undefined : age > STALE_AFTER_MS;
  document.body.classList.toggle("stale", stale);
  line.dataset.state = stale ? "stale" : "fresh";
  if (!stale)
    return say(
      line,
      age === undefined ? "Loading…" : `Updated ${formatAge(age)} ago`,
      "ok",
    );
  const why = lastFailure ? `: ${errorText(lastFailure)}` : "";
  const since =
    age === undefined ? "no data yet" : `last update ${formatAge(age)} ago`;
  say(line, `Stale, ${since}${why}`, "error");
}
