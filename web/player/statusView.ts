import { byId } from "../shared/dom.js";
import type { LinkStatus } from "./liveFeed.js";

const LABELS: Record<LinkStatus, { text: string; title: string }> = {
  connecting: { text: "Connecting…", title: "Opening the live connection" },
  live: { text: "Live", title: "Updates are pushed as they happen" },
  reconnecting: {
    text: "Reconnecting…",
    title: "The live connection dropped; checking every second meanwhile",
  },
  resyncing: {
    text: "Resyncing…",
    title: "Reconnected; catching up on what changed",
  },
  polling: {
    text: "Polling",
    title: "Live updates are unavailable; checking every second",
  },
  offline: {
    text: "Offline",
    title: "The server does not answer; retrying",
  },
};

/** The connection indicator in the header. */
export function showStatus(status: LinkStatus | "signedOut"): void {
  const node = byId("link-status");
  node.hidden = status === "signedOut";
  if (status === "signedOut") return;
  node.dataset.status = status;
  node.title = LABELS[status].title;
  byId("link-text").textContent = LABELS[status].text;
}
