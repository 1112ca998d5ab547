import { chatRoom } from "actionhero";
import { z } from "zod";
import { AppError } from "../errors/appError";
import { AccrueAction, Caller } from "../modules/accrueAction";
import { roomOwner } from "../modules/playerRooms";
import { roomName } from "../game/rules";

/**
 * Leaves a chat room; the wire action `roomLeave` (Actionhero reserves that
 * name as a connection verb, so it is registered as `leaveRoom`).
 */
export class LeaveRoom extends AccrueAction {
  name = "leaveRoom";
  description = "Leave a chat room (wire name roomLeave)";
  access = "player" as const;
  blockedConnectionTypes = ["http"];
  schema = z.strictObject({ room: roomName });

  async handle(input: z.output<typeof this.schema>, caller: Caller) {
    if (roomOwner(input.room) !== undefined) {
      throw new AppError(
        "FORBIDDEN",
        "room: the player room is left by logging out",
      );
    }
    if (!caller.connection.rooms.includes(input.room)) {
      throw new AppError("NOT_FOUND", `room: not a member of ${input.room}`);
    }
    await chatRoom.removeMember(caller.connection.id, input.room);
    return { room: input.room };
  }
}
