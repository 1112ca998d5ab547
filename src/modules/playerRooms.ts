import { Connection, chatRoom } from "actionhero";

/** The per-player chat room a signed-in connection sits in. */
export function playerRoom(playerId: number): string {
  return `player:${playerId}`;
}

/** The player id a room name belongs to, or undefined for other rooms. */
export function roomOwner(room: string): number | undefined {
  const match = /^player:(\d+)$/.exec(room);
  return match ? Number(match[1]) : undefined;
}

/** Puts a connection in its player's room, creating the room if needed. */
export async function joinPlayerRoom(
  connection: Connection,
  playerId: number,
): Promise<void> {
  const room = playerRoom(playerId);
  if (connection.rooms.includes(room)) return;
  if (!(await chatRoom.exists(room))) {
    // Another connection may create it at the same moment; that is fine.
    await chatRoom.add(room).catch(() => undefined);
  }
  await chatRoom.addMember(connection.id, room);
}
