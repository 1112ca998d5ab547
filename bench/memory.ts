import type { BenchNode } from "./cluster";
import { sampleProc, steadyRss } from "./procStats";

/**
 * Front-end memory per idle connection, from /proc RSS: sampled before the
 * ramp, when half the connections are open, and after the ramp with no
 * tick running. `average` is (after - before) / connections and includes
 * the node's one-off growth (V8's young generation and code space grow
 * with the first load); `marginal` is the second half alone,
 * (after - half) / (connections - half connections), the cost of one more
 * connection.
 */
export interface NodeMemory {
  nodeId: string;
  connections: number;
  rssBeforeBytes: number;
  rssHalfBytes: number;
  rssAfterBytes: number;
  averageBytesPerConnection: number;
  marginalBytesPerConnection: number;
}

/** Samples the front-ends around a ramp; see `NodeMemory`. */
export class MemoryProbe {
  private before: number[] = [];
  private half: { rss: number; open: number }[] | undefined;

  constructor(
    private readonly frontends: BenchNode[],
    /** Connections each front-end gets, in front-end order. */
    private readonly perNode: number[],
  ) {}

  /** The idle baseline; call before any client connects. */
  async start(): Promise<void> {
    this.before = await Promise.all(
      this.frontends.map((n) => steadyRss(n.pid)),
    );
  }

  /** Hears the ramp's progress; samples once half are open. */
  progress(open: number, total: number): void {
    if (this.half || open < total / 2) return;
    this.half = this.frontends.map((n, i) => ({
      rss: sampleProc(n.pid)?.rssBytes ?? 0,
      open: Math.round((this.perNode[i] * open) / total),
    }));
  }

  /** Samples after the ramp and returns every node's figures. */
  async finish(): Promise<{
    perNode: NodeMemory[];
    bytesPerIdleConnection: number;
    marginalBytesPerConnection: number;
  }> {
    const after = await Promise.all(
      this.frontends.map((n) => steadyRss(n.pid)),
    );
    const perNode = this.frontends.map((node, i) => {
      const connections = this.perNode[i];
      const half = this.half?.[i] ?? { rss: this.before[i], open: 0 };
      return {
        nodeId: node.nodeId,
        connections,
        rssBeforeBytes: this.before[i],
        rssHalfBytes: half.rss,
        rssAfterBytes: after[i],
        averageBytesPerConnection: Math.round(
          (after[i] - this.before[i]) / Math.max(1, connections),
        ),
        marginalBytesPerConnection: Math.round(
          (after[i] - half.rss) / Math.max(1, connections - half.open),
        ),
      };
    });
    return {
      perNode,
      bytesPerIdleConnection: Math.max(
        ...perNode.map((n) => n.averageBytesPerConnection),
      ),
      marginalBytesPerConnection: Math.max(
        ...perNode.map((n) => n.marginalBytesPerConnection),
      ),
    };
  }
}
