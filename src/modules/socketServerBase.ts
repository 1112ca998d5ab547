import { randomUUID } from "node:crypto";
import { Connection, Server, log } from "actionhero";
import { connectionClosed, connectionOpened } from "./localConnections";
import { SocketSession, SocketTransport } from "./socketSession";
import { socketLimits } from "./socketLimits";

/** A chat message as Actionhero hands it to `connection.sendMessage`. */
interface ChatDelivery {
  context?: string;
  room?: string;
  sentAt?: number;
  message?: { text?: unknown; from?: unknown };
}

/**
 * What the WebSocket and TCP servers share: making the Actionhero connection
 * and session for a new socket, routing chat deliveries to sessions, and
 * telling every client to reconnect elsewhere on shutdown.
 */
export abstract class SocketServerBase extends Server {
  protected readonly sessions = new Map<string, SocketSession>();
  protected stopping = false;

  constructor(type: string) {
    super();
    this.type = type;
    this.attributes = {
      canChat: true,
      logConnections: false,
      logExits: false,
      sendWelcomeMessage: false,
      verbs: [],
    };
  }

  async initialize() {}

  /** Opens a session for a new socket and sends the welcome. */
  protected async openSession(
    transport: SocketTransport,
    remote: { ip: string; port: number },
  ): Promise<SocketSession> {
    const connection = await Connection.createAsync({
      type: this.type,
      id: randomUUID(),
      remoteIP: remote.ip,
      remotePort: remote.port,
      rawConnection: {},
      canChat: true,
    });
    connection.sendMessage = async (message: unknown) =>
      this.sendMessage(connection, message);
    const session = new SocketSession(connection, transport, socketLimits());
    this.sessions.set(connection.id, session);
    connectionOpened();
    log("socket opened", "info", {
      connectionId: connection.id,
      transport: this.type,
      remoteIP: remote.ip,
    });
    session.welcome();
    return session;
  }

  /** Forgets a session whose socket closed. */
  protected async closeSession(
    session: SocketSession,
    reason: string,
  ): Promise<void> {
    if (!this.sessions.delete(session.connection.id)) return;
    connectionClosed();
    await session.onClosed(reason);
  }

  /** Actionhero delivers chat-room messages here. */
  async sendMessage(connection: Connection, message: unknown) {
    const session = this.sessions.get(connection.id);
    const chat = message as ChatDelivery;
    if (!session || chat?.context !== "user" || !chat.room) return;
    session.deliverSay({
      room: chat.room,
      from: String(chat.message?.from ?? ""),
      message: String(chat.message?.text ?? ""),
      sentAt: chat.sentAt ?? Date.now(),
    });
  }

  // Sockets never receive files, and Actionhero's goodbye is our reconnect.
  async sendFile() {}
  async goodbye() {}

  /** Tells every client to reconnect elsewhere and waits for the sockets to go. */
  protected async sendAllAway(reason: string, waitMs: number): Promise<void> {
    this.stopping = true;
    for (const session of this.sessions.values()) session.sendReconnect(reason);
    const deadline = Date.now() + waitMs;
    while (this.sessions.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
