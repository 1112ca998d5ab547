/**
 * The part of autocannon's API the bench uses (the package ships no types).
 * See node_modules/autocannon/README.md, "API".
 */
declare module "autocannon" {
  interface Histogram {
    min: number;
    max: number;
    average: number;
    p50: number;
    p99: number;
  }
  interface RequestSpec {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    requests?: Array<
      RequestSpec & { setupRequest?: (request: RequestSpec) => RequestSpec }
    >;
  }
  interface Result {
    requests: Histogram & { total: number };
    latency: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    "2xx": number;
    statusCodeStats: Record<string, { count: number }>;
  }
  function autocannon(options: Options): Promise<Result>;
  export = autocannon;
}
