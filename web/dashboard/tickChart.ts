import type { TickSample } from "../shared/types.js";

/** How much tick history the chart keeps and shows (ms). */
const WINDOW_MS = 5 * 60 * 1000;

/** The chart's shortest time span (ms); a fresh page widens to fill it. */
const MIN_SPAN_MS = 10 * 1000;

const HEIGHT = 200;
const MARGIN = { top: 10, right: 12, bottom: 24, left: 64 };
const SVG_NS = "http://www.w3.org/2000/svg";

/** One point of a series: when (server ms) and how long (ms). */
interface Point {
  at: number;
  ms: number;
}

/** Where things go: time to x and milliseconds to y, in pixels. */
interface Scale {
  width: number;
  top: number;
  span: number;
  x: (at: number) => number;
  y: (ms: number) => number;
}

/**
 * Tick period (time between consecutive tick starts) and tick duration over
 * the last minutes, drawn as an inline SVG. Stats carry the last minute of
 * ticks; the chart merges every refresh so it can show five.
 */
export class TickChart {
  private samples = new Map<number, TickSample>();
  private periodMs = 0;

  constructor(private readonly box: HTMLElement) {}

  /** Merges a refresh's ticks and forgets those out of the window. */
  add(recent: TickSample[], periodMs: number, serverNow: number): void {
    this.periodMs = periodMs;
    for (const tick of recent) this.samples.set(tick.dueMs, tick);
    for (const due of this.samples.keys()) {
      if (due < serverNow - WINDOW_MS) this.samples.delete(due);
    }
    this.render(serverNow);
  }

  private render(now: number): void {
    const ticks = [...this.samples.values()].sort((a, b) => a.dueMs - b.dueMs);
    const periods = ticks.slice(1).map((tick, i) => ({
      at: tick.startedAt,
      ms: tick.startedAt - ticks[i].startedAt,
    }));
    const durations = ticks.map((tick) => ({
      at: tick.startedAt,
      ms: tick.durationMs,
    }));
    const oldest = ticks[0]?.startedAt ?? now;
    const span = Math.min(WINDOW_MS, Math.max(MIN_SPAN_MS, now - oldest));
    const highest = Math.max(
      this.periodMs * 1.25,
      ...periods.map((p) => p.ms),
      ...durations.map((d) => d.ms),
    );
    const scale = makeScale(this.box.clientWidth, now, span, highest);

    const chart = svg("svg", {
      width: scale.width,
      height: HEIGHT,
      viewBox: `0 0 ${scale.width} ${HEIGHT}`,
      role: "img",
      "aria-label": describe(periods, durations, span),
    });
    drawAxes(chart, scale);
    chart.append(
      horizontal(scale, this.periodMs, "target"),
      line(periods, "period", scale),
      line(durations, "duration", scale),
    );
    this.box.replaceChildren(chart);
  }
}

function makeScale(
  boxWidth: number,
  now: number,
  span: number,
  highest: number,
): Scale {
  const width = Math.max(280, boxWidth);
  const top = niceCeil(Math.max(1, highest));
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  return {
    width,
    top,
    span,
    x: (at) => MARGIN.left + ((at - (now - span)) / span) * plotWidth,
    y: (ms) => HEIGHT - MARGIN.bottom - (ms / top) * plotHeight,
  };
}

function drawAxes(chart: SVGElement, scale: Scale): void {
  for (const ms of [0, scale.top / 2, scale.top]) {
    chart.append(
      horizontal(scale, ms, "grid"),
      text(`${Math.round(ms)} ms`, MARGIN.left - 6, scale.y(ms) + 4, "end"),
    );
  }
  const base = HEIGHT - 6;
  chart.append(
    text(`−${spanText(scale.span)}`, MARGIN.left, base, "start"),
    text("now", scale.width - MARGIN.right, base, "end"),
  );
}

function horizontal(scale: Scale, ms: number, name: string): SVGElement {
  const y = scale.y(ms);
  const x2 = scale.width - MARGIN.right;
  return svg("line", { class: name, x1: MARGIN.left, x2, y1: y, y2: y });
}

function line(points: Point[], name: string, scale: Scale): SVGElement {
  const coords = points.map(
    (p) => `${scale.x(p.at).toFixed(1)},${scale.y(p.ms).toFixed(1)}`,
  );
  return svg("polyline", { class: name, points: coords.join(" ") });
}

function text(content: string, x: number, y: number, anchor: string) {
  const node = svg("text", { x, y, "text-anchor": anchor });
  node.textContent = content;
  return node;
}

function svg(tag: string, attrs: Record<string, string | number>) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    node.setAttribute(name, String(value));
  }
  return node;
}

/** "40 s" under two minutes, "3 min" above. */
function spanText(ms: number): string {
  return ms < 120_000
    ? `${Math.round(ms / 1000)} s`
    : `${Math.round(ms / 60_000)} min`;
}

/** The next of 1, 2, 5 × 10^n at or above `value`, for round axis labels. */
function niceCeil(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

function describe(periods: Point[], durations: Point[], span: number) {
  const last = (list: Point[]) =>
    list.length ? `${list[list.length - 1].ms} ms` : "none";
  return `Tick period and duration over the last ${spanText(span)}: last period ${last(periods)}, last duration ${last(durations)}`;
}
