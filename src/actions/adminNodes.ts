import { z } from "zod";
import { AccrueAction } from "../modules/accrueAction";
import { use } from "../modules/runtime";
import { listNodes } from "../store/nodes";

/** The live nodes of the cluster and their roles (GET /api/admin/nodes). */
export class AdminNodes extends AccrueAction {
  name = "adminNodes";
  description = "Live nodes with role, connections, players and heartbeat";
  access = "admin" as const;
  schema = z.strictObject({});

  async handle() {
    return { nodes: await listNodes(use("redis")) };
  }
}
