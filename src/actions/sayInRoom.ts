import { chatRoom } from "actionhero";
import { z } from "zod";
import { AppError } from "../errors/appError";
import { AccrueAction, Caller } from "../modules/accrueAction";
import { roomOwner } from "../modules/playerRooms";
import { roomName } from "../game/rules";

/** Longest chat message, in characters. */
const MAX_SAY_CHARS = 500;

/**
 * Sends a message to a room the connection is in; the wire action `say`
 * (reserved by Actionhero, so registered as `sayInRoom`).
 */
export class SayInRoom extends AccrueAction {
  name = "sayInRoom";
  description = "Say something in a joined room (wire name say)";
  access = "player" as const;
  blockedConnectionTypes = ["http"];
  schema = z.strictObject({
    room: roomName,
    message: z
      .string({ error: "must be a string" })
      .min(1, "is required")
      .max(MAX_SAY_CHARS, `must be at most ${MAX_SAY_CHARS} characters`),
  });

  async handle(input: z.output<typeof this.schema>, caller: Caller) {
    const { connection } = caller;
    if (
      roomOwner(input.room) !== undefined ||
      !connection.rooms.includes(input.room)
    ) {
      throw new AppError(
        "FORBIDDEN",
        `room: join ${input.room} before saying something there`,
      );
    }
    const from = String(connection.rawConnection.username ?? "");
    await chatRoom.broadcast(connection, input.room, {
      text: input.message,
      from,
    });
    return { room: input.room };
  }
}
