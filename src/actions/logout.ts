import { z } from "zod";
import { AccrueAction, Caller } from "../modules/accrueAction";
import { use } from "../modules/runtime";
import { logout as endSession } from "../store/accounts";

/** Ends the calling session (only that one). */
export class Logout extends AccrueAction {
  name = "logout";
  description = "End this session";
  access = "player" as const;
  schema = z.strictObject({});

  async handle(_input: object, caller: Caller) {
    await endSession(use("db"), caller.token!);
    return {};
  }
}
