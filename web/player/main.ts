/**
 * The player page: signs in (or resumes a saved session), then keeps the
 * balance, catalog and ledger current from HTTP replies and the live feed.
 */
import { ApiError, asApiError } from "../shared/api.js";
import { byId } from "../shared/dom.js";
import { errorText } from "../shared/errorText.js";
import { ServerClock } from "../shared/serverClock.js";
import type { PlayerState } from "../shared/types.js";
import { AuthView } from "./authView.js";
import { BalanceView } from "./balanceView.js";
import { CatalogView } from "./catalogView.js";
import { LedgerView } from "./ledgerView.js";
import { LiveFeed } from "./liveFeed.js";
import {
  forgetToken,
  rememberUsername,
  resume,
  savedToken,
  signOut,
} from "./session.js";
import { StateStore } from "./stateStore.js";
import { showStatus } from "./statusView.js";
import { TransferView } from "./transferView.js";

const SESSION_ENDED = new ApiError("UNAUTHENTICATED", "", 401);

const store = new StateStore();
const clock = new ServerClock();
let token = "";
let feed: LiveFeed | undefined;

const currentToken = () => token;
const auth = new AuthView((reply) => enterGame(reply.token, reply.state));
const balance = new BalanceView(store, clock, byId("balance"), byId("income"));
const catalog = new CatalogView(currentToken, (state) => ingest(state));
const ledger = new LedgerView(currentToken, (id) => catalog.itemName(id));
new TransferView(currentToken, (state) => ingest(state));

balance.onShown((value) => catalog.showAffordability(value));
store.subscribe((state, kind) => {
  byId("player-name").textContent = state.username;
  if (kind === "moneyIn" || kind === "moneyOut") ledger.changed();
});
byId("logout").addEventListener("click", () => {
  void signOut(token);
  leaveGame();
});

void boot();

async function boot(): Promise<void> {
  const saved = savedToken();
  if (!saved) return auth.show();
  try {
    enterGame(saved, await resume(saved));
  } catch (error) {
    const failure = asApiError(error);
    if (failure.code === "UNAUTHENTICATED") forgetToken();
    auth.show(errorText(failure, "session"));
  }
}

/** Takes every state the page receives; the store keeps the newest. */
function ingest(state: PlayerState, snapshot = false): void {
  clock.sample(state.asOf);
  store.accept(state, snapshot);
}

function enterGame(newToken: string, state: PlayerState): void {
  token = newToken;
  auth.hide();
  byId("game-view").hidden = false;
  ingest(state, true);
  rememberUsername(state.username);
  balance.start();
  void catalog.load();
  void ledger.reset();
  feed = new LiveFeed(token, {
    onState: ingest,
    onServerTime: (serverMs) => clock.sample(serverMs),
    onStatus: showStatus,
    onLedgerChanged: () => ledger.changed(),
    onSignedOut: () => leaveGame(errorText(SESSION_ENDED)),
    currentVersion: () => store.current?.version,
  });
  feed.start();
}

function leaveGame(note?: string): void {
  feed?.stop();
  feed = undefined;
  forgetToken();
  token = "";
  balance.stop();
  store.clear();
  showStatus("signedOut");
  byId("game-view").hidden = true;
  auth.show(note);
}
