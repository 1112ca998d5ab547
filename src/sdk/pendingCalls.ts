import { AccrueError, ClientErrorCode, errorFromWire } from "./accrueError";

interface PendingCall {
  action: string;
  resolve(data: unknown): void;
  reject(error: AccrueError): void;
  timer: NodeJS.Timeout;
}

/**
 * Requests sent and not yet answered, keyed by their numeric id. Owns each
 * request's timeout so that every way a request can end (reply, timeout,
 * disconnect, close) clears its timer exactly once.
 */
export class PendingCalls {
  private readonly calls = new Map<number, PendingCall>();
  private lastId = 0;

  /**
   * @param timeoutMs how long a request may wait for its reply, milliseconds;
   *   range >= 1
   */
  constructor(private readonly timeoutMs: number) {}

  /** Number of requests waiting for a reply. */
  get size(): number {
    return this.calls.size;
  }

  /**
   * Reserves the next id (1, 2, 3, ... for the client's lifetime, so a late
   * reply from an old connection can never match a newer request) and
   * returns it with a promise of the reply's `data`.
   */
  open<T>(action: string): { id: number; reply: Promise<T> } {
    const id = ++this.lastId;
    const reply = new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => this.expire(id), this.timeoutMs);
      // The socket keeps the process alive while a reply is due; this timer
      // alone should not.
      timer.unref();
      const settle = (data: unknown) => resolve(data as T);
      this.calls.set(id, { action, resolve: settle, reject, timer });
    });

    return { id, reply };
  }

  /**
   * Settles the request a reply belongs to.
   *
   * @returns false when no request waits for that id (already timed out, or
   *   not ours); the caller decides whether that is worth reporting
   */
  settle(reply: Record<string, unknown>): boolean {
    const call = typeof reply.id === "number" && this.take(reply.id);
    if (!call) return false;

    if (reply.ok === true) call.resolve(reply.data);
    else call.reject(errorFromWire(reply.error));
    return true;
  }

  /** Rejects one request, e.g. when it could not be sent. */
  fail(id: number, error: AccrueError): void {
    this.take(id)?.reject(error);
  }

  /** Rejects every waiting request with the same error. */
  failAll(error: AccrueError): void {
    for (const id of [...this.calls.keys()]) this.fail(id, error);
  }

  private expire(id: number): void {
    const call = this.take(id);
    if (!call) return;

    call.reject(
      new AccrueError(
        ClientErrorCode.TIMEOUT,
        `no reply to ${call.action} within ${this.timeoutMs} ms; raise requestTimeoutMs`,
      ),
    );
  }

  private take(id: number): PendingCall | undefined {
    const call = this.calls.get(id);
    if (!call) return undefined;

    clearTimeout(call.timer);
    this.calls.delete(id);
    return call;
  }
}
