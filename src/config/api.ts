import * as fs from "fs";
import * as path from "path";
import { settings } from "../settings";
import { nodeId } from "../modules/nodeId";
import { redisKeys } from "../store/redisKeys";

/**
 * Actionhero's general settings for Accrue. Paths point at this build's own
 * folders only, so none of Actionhero's sample actions are loaded.
 */
export const DEFAULT = {
  general: () => {
    const root = path.join(__dirname, "..");
    const { PUBLIC_ROOMS, DATA_DIR } = settings();
    // Actionhero writes its pid file here and creates only the last level.
    const pidDir = path.resolve(DATA_DIR, "pids");
    fs.mkdirSync(pidDir, { recursive: true });
    return {
      apiVersion: "1",
      serverName: "accrue",
      id: nodeId(),
      welcomeMessage: "accrue",
      serverToken: "accrue",
      // Params pass through untouched; each action's zod schema rejects
      // unknown fields instead of Actionhero silently dropping them.
      disableParamScrubbing: true,
      enableResponseLogging: false,
      filteredParams: ["password", "token"],
      filteredResponse: ["token"],
      // Pipelined socket requests: the socket rate limit (100/s) is the
      // real bound, this only caps concurrency per connection.
      simultaneousActions: 64,
      channel: redisKeys.clusterChannel(),
      rpcTimeout: 3000,
      paths: {
        action: [path.join(root, "actions")],
        task: [path.join(root, "tasks")],
        server: [path.join(root, "servers")],
        cli: [] as string[],
        initializer: [path.join(root, "initializers")],
        public: [path.join(root, "..", "public")],
        pid: [pidDir],
        log: [] as string[],
        plugin: [] as string[],
        test: [path.join(root, "..", "__tests__")],
        src: path.join(root, "..", "src"),
        dist: path.join(root, "..", "dist"),
      },
      startingChatRooms: Object.fromEntries(
        PUBLIC_ROOMS.map((room) => [room, {}]),
      ),
    };
  },
};

export const test = DEFAULT;
