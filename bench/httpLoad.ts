import autocannon from "autocannon";
import type { BenchPlayer } from "./population";

/**
 * HTTP throughput with autocannon against one front-end: `GET /api/status`
 * (the framework reference), `GET /api/me` and `POST /api/purchases`, each
 * for a few seconds. Requests rotate over the HTTP players' tokens, and
 * every purchase carries a fresh idempotency key, as a client would send.
 */
export interface HttpFigures {
  name: string;
  method: string;
  path: string;
  connections: number;
  seconds: number;
  requests: number;
  /** Mean requests per second over the run. */
  perSecond: number;
  /** Response latency, ms. */
  latencyMs: { min: number; median: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
}

/** Concurrent connections autocannon keeps open. */
const CONNECTIONS = 32;

/** Runs the three endpoints one after the other. */
export async function measureHttp(
  baseUrl: string,
  players: BenchPlayer[],
  seconds: number,
): Promise<HttpFigures[]> {
  let n = 0;
  const auth = () => ({
    authorization: `Bearer ${players[n++ % players.length].token}`,
  });
  const runs = [
    {
      name: "status",
      method: "GET",
      path: "/api/status",
      setup: (r: object) => r,
    },
    {
      name: "me",
      method: "GET",
      path: "/api/me",
      setup: (r: object) => ({ ...r, headers: auth() }),
    },
    {
      name: "purchase",
      method: "POST",
      path: "/api/purchases",
      setup: (r: object) => ({
        ...r,
        headers: { ...auth(), "content-type": "application/json" },
        body: JSON.stringify({
          itemId: 1,
          quantity: 1,
          idempotencyKey: `http-${n}`,
        }),
      }),
    },
  ];
  const figures: HttpFigures[] = [];
  for (const run of runs) {
    process.stderr.write(
      `http: ${run.method} ${run.path} for ${seconds} s ...\n`,
    );
    const result = await autocannon({
      url: baseUrl,
      connections: CONNECTIONS,
      duration: seconds,
      requests: [
        { method: run.method, path: run.path, setupRequest: run.setup },
      ],
    });
    figures.push({
      name: run.name,
      method: run.method,
      path: run.path,
      connections: CONNECTIONS,
      seconds: result.duration,
      requests: result.requests.total,
      perSecond: result.requests.total / result.duration,
      latencyMs: {
        min: result.latency.min,
        median: result.latency.p50,
        p99: result.latency.p99,
        max: result.latency.max,
      },
      non2xx: result.non2xx,
      errors: result.errors,
      statusCodes: Object.fromEntries(
        Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [
          code,
          Number(s.count),
        ]),
      ),
    });
  }
  return figures;
}
