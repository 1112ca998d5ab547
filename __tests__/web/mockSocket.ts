import type { Page, WebSocketRoute } from "playwright-core";

/**
 * A scripted `/ws` for one page, in place of the node's: it speaks the
 * contract's socket messages (welcome, replies by id, pushed events) so a
 * test can drop the socket, push chosen states and check what the page
 * sends, whatever the real node offers.
 */

/** One request the page sent. */
export interface SentRequest {
  id: unknown;
  action: string;
  params: Record<string, any>;
}

/** Answers one action: the reply's `data`. */
export type Answer = (
  params: Record<string, any>,
  socket: MockConnection,
) => unknown;

export class MockConnection {
  readonly requests: SentRequest[] = [];

  constructor(private readonly route: WebSocketRoute) {}

  /** Pushes `{event, data}` to the page. */
  push(event: string, data: unknown): void {
    this.route.send(JSON.stringify({ event, data }));
  }

  /** Closes the socket from the server side. */
  async drop(): Promise<void> {
    await this.route.close({ code: 1001 });
  }
}

/**
 * Routes the page's `/ws` to scripted connections, each welcomed at once;
 * `answers` reply to actions; the returned list fills as the page connects.
 */
export async function mockSocket(
  page: Page,
  answers: Record<string, Answer>,
): Promise<MockConnection[]> {
  const connections: MockConnection[] = [];
  await page.routeWebSocket(/\/ws$/, (route) => {
    const connection = new MockConnection(route);
    connections.push(connection);
    route.onMessage((text) => {
      const request = JSON.parse(String(text)) as SentRequest;
      connection.requests.push(request);
      const answer = answers[request.action];
      const reply = answer
        ? { id: request.id, ok: true, data: answer(request.params, connection) }
        : {
            id: request.id,
            ok: false,
            error: { code: "NOT_FOUND", message: "unknown action" },
          };
      route.send(JSON.stringify(reply));
    });
    connection.push("welcome", {
      connectionId: `mock-${connections.length}`,
      nodeId: "mock-node",
      serverTime: Date.now(),
    });
  });
  return connections;
}

/** Routes the page's `/ws` to a socket that closes before any welcome. */
export async function refuseSocket(page: Page): Promise<void> {
  await page.routeWebSocket(/\/ws$/, (route) => route.close({ code: 1011 }));
}

/** Records every connection status the page shows from now on. */
export async function recordStatuses(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { statuses: string[] }).statuses = seen;
    document.addEventListener("DOMContentLoaded", () => {
      const node = document.getElementById("link-status")!;
      new MutationObserver(() => {
        const status = node.dataset.status ?? "";
        if (seen[seen.length - 1] !== status) seen.push(status);
      }).observe(node, { attributes: true, attributeFilter: ["data-status"] });
    });
  });
}

/** The statuses recorded since the page loaded. */
export async function recordedStatuses(page: Page): Promise<string[]> {
  return page.evaluate(
    () => (window as unknown as { statuses: string[] }).statuses,
  );
}
