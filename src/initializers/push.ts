import { Connection, Initializer, chatRoom, log } from "actionhero";
import type { Redis } from "ioredis";
import type { PlayerState } from "../game/state";
import { nodeId } from "../modules/nodeId";
import { playerRoom, roomOwner } from "../modules/playerRooms";
import {
  deliverLocally,
  holdsPlayer,
  localPlayers,
  onBindChange,
} from "../modules/playerSockets";
import { setPushSink } from "../modules/pushes";
import { use } from "../modules/runtime";
import { settings } from "../settings";
import { listNodes } from "../store/nodes";
import {
  addPresence,
  clearPresence,
  findHolders,
  removePresence,
  rewritePresence,
} from "../store/presence";
import { redisKeys } from "../store/redisKeys";

/** How often the list of live nodes is re-read for push routing. */
const NODE_LIST_MS = 1000;

/** A push message between nodes: the full states, so a lost one heals. */
interface PushMessage {
  from: string;
  states: PlayerState[];
  /** When the change committed (ms, sender's clock). */
  committedAt: number;
}

/**
 * A state push as a chat message, PUSH_MODE=broadcast only (benchmark
 * baseline, docs/performance.md).
 */
interface BroadcastPush {
  accrueState: PlayerState;
  committedAt: number;
}

/**
 * Routes state pushes to the nodes that hold each player. After a commit,
 * the states are delivered at once to this node's own connections; for the
 * rest, presence says which nodes hold which players, and each such node
 * gets one pub/sub message with all of its states. An offline player costs
 * one set lookup and no message.
 */
export class PushInitializer extends Initializer {
  private subscriber?: Redis;
  private liveNodes: string[] = [];
  private nodesTimer?: NodeJS.Timeout;
  private presenceTimer?: NodeJS.Timeout;
  private stopBindListener?: () => void;
  /** Player rooms known to exist, PUSH_MODE=broadcast only. */
  private readonly knownRooms = new Set<string>();

  constructor() {
    super();
    this.name = "push";
    this.loadPriority = 700;
    this.startPriority = 1050;
    // After the servers and task workers (Actionhero's, at 100): actions in
    // flight and the last tick batch still push, and presence is removed
    // once the clients were sent away, not while they are still here.
    this.stopPriority = 150;
  }

  async initialize() {
    // Actionhero's rooms hold anyone; a player's room is theirs alone.
    chatRoom.addMiddleware({
      name: "playerRoomsArePrivate",
      join: async (connection: Connection, room: string) => {
        const owner = roomOwner(room);
        if (
          owner !== undefined &&
          owner !== connection.rawConnection?.playerId
        ) {
          throw new Error("another player's room is private");
        }
      },
    });
    if (settings().PUSH_MODE === "broadcast") await this.deliverBroadcasts();
  }

  async start() {
    await this.refreshNodes();
    this.nodesTimer = setInterval(() => void this.refreshNodes(), NODE_LIST_MS);
    setPushSink((states, committedAt) =>
      settings().PUSH_MODE === "broadcast"
        ? this.broadcast(states, committedAt)
        : this.route(states, committedAt),
    );
    if (settings().ROLE === "worker") return;

    this.subscriber = use("redis").duplicate();
    this.subscriber.on("messageBuffer", (_channel: Buffer, payload: Buffer) =>
      this.receive(payload),
    );
    this.subscriber.on("error", (error) =>
      log("push subscriber error", "warning", { error: String(error) }),
    );
    await this.subscriber.subscribe(redisKeys.nodeChannel(nodeId()));
    this.stopBindListener = onBindChange(
      (playerId, event) => void this.updatePresence(playerId, event),
    );
    const period = Math.floor(settings().PRESENCE_TTL_MS / 3);
    this.presenceTimer = setInterval(() => void this.rewrite(), period);
  }

  async stop() {
    setPushSink(undefined);
    clearInterval(this.nodesTimer);
    clearInterval(this.presenceTimer);
    this.stopBindListener?.();
    await this.subscriber?.quit().catch(() => undefined);
    if (settings().ROLE !== "worker")
      await clearPresence(use("redis"), nodeId()).catch(() => undefined);
  }

  private async route(states: PlayerState[], committedAt: number) {
    const me = nodeId();
    deliverLocally(
      states.filter((state) => holdsPlayer(state.playerId)),
      committedAt,
    );
    const others = this.liveNodes.filter((id) => id !== me);
    if (others.length === 0) return;
    try {
      const holders = await findHolders(use("redis"), others, [
        ...new Set(states.map((s) => s.playerId)),
      ]);
      const byNode = new Map<string, PlayerState[]>();
      for (const state of states) {
        for (const holder of holders.get(state.playerId) ?? []) {
          const list = byNode.get(holder) ?? [];
          list.push(state);
          byNode.set(holder, list);
        }
      }
      const redis = use("redis");
      await Promise.all(
        [...byNode].map(([target, list]) =>
          redis.publish(
            redisKeys.nodeChannel(target),
            JSON.stringify({
              from: me,
              states: list,
              committedAt,
            } satisfies PushMessage),
          ),
        ),
      );
    } catch (error) {
      // The change is committed; a client missing this push gets the state
      // with the next change, tick or resync.
      log("push routing failed", "warning", {
        nodeId: me,
        states: states.length,
        error: String(error),
      });
    }
  }

  // --- PUSH_MODE=broadcast: the naive baseline for the benchmark ----------
  // Kept small on purpose; bench/pushModes.ts compares it with route().

  /** One chatRoom.broadcast per state; Actionhero sends each to every node. */
  private async broadcast(states: PlayerState[], committedAt: number) {
    await Promise.all(
      states.map(async (state) => {
        const room = playerRoom(state.playerId);
        try {
          if (!this.knownRooms.has(room)) {
            if (!(await chatRoom.exists(room)))
              await chatRoom.add(room).catch(() => undefined);
            this.knownRooms.add(room);
          }
          const message: BroadcastPush = { accrueState: state, committedAt };
          await chatRoom.broadcast({}, room, message);
        } catch (error) {
          log("push broadcast failed", "warning", {
            nodeId: nodeId(),
            playerId: state.playerId,
            error: String(error),
          });
        }
      }),
    );
  }

  /**
   * Takes broadcast pushes off Actionhero's chat delivery path, which calls
   * this once per connection in the room, and pushes them as states.
   */
  private async deliverBroadcasts() {
    await chatRoom.addMiddleware({
      name: "broadcastStatePushes",
      say: async (
        _connection: Connection,
        room: string,
        payload: { message?: Partial<BroadcastPush> },
      ) => {
        const push = payload.message;
        if (roomOwner(room) === undefined || !push?.accrueState) return payload;
        deliverLocally([push.accrueState], push.committedAt);
        return null;
      },
    });
  }
  // --- end of PUSH_MODE=broadcast -----------------------------------------

  private receive(payload: Buffer) {
    try {
      const message = JSON.parse(payload.toString("utf8")) as PushMessage;
      deliverLocally(message.states, message.committedAt);
    } catch (error) {
      log("push message unreadable", "warning", {
        nodeId: nodeId(),
        error: String(error),
      });
    }
  }

  private async refreshNodes() {
    try {
      this.liveNodes = (await listNodes(use("redis")))
        .filter((n) => n.role !== "worker")
        .map((n) => n.id);
    } catch (error) {
      log("node list refresh failed", "debug", { error: String(error) });
    }
  }

  private async updatePresence(
    playerId: number,
    event: "firstBound" | "lastUnbound",
  ) {
    const redis = use("redis");
    try {
      if (event === "firstBound")
        await addPresence(
          redis,
          nodeId(),
          playerId,
          settings().PRESENCE_TTL_MS,
        );
      else await removePresence(redis, nodeId(), playerId);
    } catch (error) {
      log("presence update failed", "warning", {
        nodeId: nodeId(),
        playerId,
        error: String(error),
      });
    }
  }

  private async rewrite() {
    try {
      await rewritePresence(
        use("redis"),
        nodeId(),
        localPlayers(),
        settings().PRESENCE_TTL_MS,
      );
    } catch (error) {
      log("presence rewrite failed", "warning", {
        nodeId: nodeId(),
        error: String(error),
      });
    }
  }
}
