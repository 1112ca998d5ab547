import { chatRoom } from "actionhero";
import { z } from "zod";
import { AppError } from "../errors/appError";
import { roomName } from "../game/rules";
import { AccrueAction, Caller } from "../modules/accrueAction";
import { roomOwner } from "../modules/playerRooms";
import { settings } from "../settings";

/** Joins a public chat room (sockets only). */
export class RoomJoin extends AccrueAction {
  name = "roomJoin";
  description = "Join a public chat room";
  access = "player" as const;
  blockedConnectionTypes = ["http"];
  schema = z.strictObject({ room: roomName });

  async handle(input: z.output<typeof this.schema>, caller: Caller) {
    const owner = roomOwner(input.room);
    if (owner !== undefined) {
      if (owner !== caller.playerId)
        throw new AppError("FORBIDDEN", "room: another player's room");
      return { room: input.room };
    }
    if (!settings().PUBLIC_ROOMS.includes(input.room)) {
      throw new AppError("NOT_FOUND", `room: no room named ${input.room}`);
    }
    if (!caller.connection.rooms.includes(input.room)) {
      await chatRoom.addMember(caller.connection.id, input.room);
    }
    return { room: input.room };
  }
}
