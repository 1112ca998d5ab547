/**
 * The run's chart, drawn by hand as SVG (no plotting dependency): tick
 * period per tick on top, push latency per second (median, p99, max) below,
 * both against seconds since the main phase started.
 */
export interface ChartData {
  title: string;
  tickMs: number;
  /** Seconds since start, period in ms. */
  periods: { t: number; value: number }[];
  /** Seconds since start, latency figures in ms. */
  latency: { t: number; median: number; p99: number; max: number }[];
  durationS: number;
}

const WIDTH = 900;
const PANEL = 220;
const LEFT = 70;
const RIGHT = 20;
const TOP = 56;
const GAP = 60;

/** Returns the SVG document. */
export function drawChart(data: ChartData): string {
  const periodMax =
    Math.max(data.tickMs * 1.2, ...data.periods.map((p) => p.value)) * 1.05;
  const latencyMax = Math.max(300, ...data.latency.map((l) => l.p99)) * 1.1;
  const top = panel(
    TOP,
    "tick period (ms, start to start)",
    periodMax,
    data.durationS,
    [
      { color: "#888", dash: true, points: line(data.durationS, data.tickMs) },
      {
        color: "#c33",
        dash: true,
        points: line(data.durationS, data.tickMs * 1.1),
      },
      {
        color: "#1f5fbf",
        dash: false,
        points: data.periods.map((p) => [p.t, p.value]),
      },
    ],
  );
  const bottom = panel(
    TOP + PANEL + GAP,
    "push latency per second (ms)",
    latencyMax,
    data.durationS,
    [
      { color: "#c33", dash: true, points: line(data.durationS, 250) },
      {
        color: "#bbb",
        dash: false,
        points: data.latency.map((l) => [l.t, Math.min(l.max, latencyMax)]),
      },
      {
        color: "#e08a00",
        dash: false,
        points: data.latency.map((l) => [l.t, l.p99]),
      },
      {
        color: "#1f5fbf",
        dash: false,
        points: data.latency.map((l) => [l.t, l.median]),
      },
    ],
  );
  const height = TOP + 2 * PANEL + GAP + 70;
  const legend = legendRow(
    [
      ["#1f5fbf", "tick period, latency median"],
      ["#e08a00", "latency p99"],
      ["#bbb", "latency max"],
      ["#888", "TICK_MS"],
      ["#c33", "targets: 1.10 x TICK_MS, 250 ms"],
    ],
    height - 18,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${LEFT}" y="22" font-size="15" font-weight="bold">${escapeXml(data.title)}</text>
${top}
${bottom}
${legend}
</svg>
`;
}

/** Legend entries laid out left to right, each as wide as its label. */
function legendRow(entries: string[][], y: number): string {
  let x = LEFT;
  return entries
    .map(([color, label]) => {
      const item = `<g transform="translate(${x},${y})"><rect width="12" height="12" fill="${color}"/><text x="16" y="11">${escapeXml(label)}</text></g>`;
      x += 30 + label.length * 6.2;
      return item;
    })
    .join("");
}

interface Series {
  color: string;
  dash: boolean;
  points: number[][];
}

function panel(
  y: number,
  label: string,
  yMax: number,
  xMax: number,
  series: Series[],
): string {
  const w = WIDTH - LEFT - RIGHT;
  const x = (t: number) => LEFT + (Math.max(0, Math.min(t, xMax)) / xMax) * w;
  const yy = (v: number) =>
    y + PANEL - (Math.max(0, Math.min(v, yMax)) / yMax) * PANEL;
  const grid = ticks(yMax)
    .map(
      (v) =>
        `<line x1="${LEFT}" x2="${LEFT + w}" y1="${yy(v)}" y2="${yy(v)}" stroke="#eee"/><text x="${LEFT - 6}" y="${yy(v) + 4}" text-anchor="end">${v}</text>`,
    )
    .join("");
  const xTicks = ticks(xMax)
    .map(
      (t) =>
        `<text x="${x(t)}" y="${y + PANEL + 16}" text-anchor="middle">${t}</text>`,
    )
    .join("");
  const lines = series
    .filter((s) => s.points.length > 0)
    .map((s) => {
      const d = s.points
        .map(
          ([t, v], i) =>
            `${i === 0 ? "M" : "L"}${x(t).toFixed(1)},${yy(v).toFixed(1)}`,
        )
        .join("");
      return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.5"${s.dash ? ' stroke-dasharray="5,4"' : ""}/>`;
    })
    .join("\n");
  return `<g>
<text x="${LEFT}" y="${y - 8}" font-weight="bold">${escapeXml(label)}</text>
${grid}
<rect x="${LEFT}" y="${y}" width="${w}" height="${PANEL}" fill="none" stroke="#999"/>
${lines}
${xTicks}
<text x="${LEFT + w}" y="${y + PANEL + 32}" text-anchor="end">seconds since the main phase started</text>
</g>`;
}

function line(xMax: number, value: number): number[][] {
  return [
    [0, value],
    [xMax, value],
  ];
}

/** About five round tick values from 0 to max. */
function ticks(max: number): number[] {
  const raw = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step =
    [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const values: number[] = [];
  for (let v = 0; v <= max; v += step) values.push(Math.round(v));
  return values;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}
