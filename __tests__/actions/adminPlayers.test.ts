import {
  adminToken,
  describeAdminAccess,
  send,
  useTestNode,
} from "../support/api";
import { signupPlayer } from "../support/http";

describe("Action: adminPlayers", () => {
  const node = useTestNode();
  const search = (query: string) =>
    send(node().baseUrl, "GET", `/api/admin/players${query}`, {
      token: adminToken(),
    });
  const names = (reply: { body: { players: Array<{ username: string }> } }) =>
    reply.body.players.map((p) => p.username);

  describeAdminAccess(node, "GET", "/api/admin/players?query=nosy");

  test("answers the matching players with their state", async () => {
    const ada = await signupPlayer(node().baseUrl, "Ada_L");
    await signupPlayer(node().baseUrl, "bob");
    const reply = await search("?query=ada");

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ players: [ada.state] });
  });

  test("matches any part of the name in any case", async () => {
    for (const name of ["Ada_L", "madam", "bob", "ADAM"]) {
      await signupPlayer(node().baseUrl, name);
    }
    expect(names(await search("?query=aDa"))).toEqual([
      "Ada_L",
      "ADAM",
      "madam",
    ]);
  });

  test("lists every player for an empty or missing query", async () => {
    await signupPlayer(node().baseUrl, "ada");
    await signupPlayer(node().baseUrl, "bob");
    expect(names(await search(""))).toEqual(["ada", "bob", "nosy_player"]);
    expect(names(await search("?query="))).toEqual([
      "ada",
      "bob",
      "nosy_player",
    ]);
  });

  test("treats LIKE wildcards in the query literally", async () => {
    await signupPlayer(node().baseUrl, "under_score");
    await signupPlayer(node().baseUrl, "plain");
    expect(names(await search("?query=%25"))).toEqual([]);
    expect(names(await search("?query=_"))).toEqual([
      "nosy_player",
      "under_score",
    ]);
  });
});
