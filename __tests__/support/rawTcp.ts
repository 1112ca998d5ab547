import net from "node:net";

/** A bare TCP peer that records every line the server sends. */
export interface RawTcp {
  socket: net.Socket;
  lines: any[];
  closed: Promise<void>;
  send(bytes: string | Buffer): void;
  /** Waits until a received line matches, or fails after `timeoutMs`. */
  waitFor(match: (line: any) => boolean, timeoutMs?: number): Promise<any>;
}

export async function openRawTcp(port: number): Promise<RawTcp> {
  const socket = net.connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  const lines: any[] = [];
  let buffer = "";
  socket.on("data", (chunk) => {
    buffer += chunk.toString("utf8");
    let newline;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      lines.push(JSON.parse(buffer.slice(0, newline)));
      buffer = buffer.slice(newline + 1);
    }
  });
  socket.on("error", () => undefined);
  const closed = new Promise<void>((resolve) =>
    socket.once("close", () => resolve()),
  );
  return {
    socket,
    lines,
    closed,
    send: (bytes) => socket.write(bytes),
    waitFor: async (match, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = lines.find(match);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(
        `no matching line in ${timeoutMs} ms; got ${JSON.stringify(lines).slice(0, 2000)}`,
      );
    },
  };
}
