#!/usr/bin/env node
import { nodeId } from "./modules/nodeId";
import { SettingsError, settings } from "./settings";

/** How long a stop may take before the process exits anyway, ms. */
const STOP_DEADLINE_MS = 8000;

/**
 * Starts one Accrue node. Settings are checked before Actionhero loads, so a
 * bad value stops the process with one line and no port ever opens.
 */
async function main() {
  try {
    settings();
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(`accrue: bad setting: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }

  // Actionhero names its process (logs, pid file) from this variable.
  process.env.ACTIONHERO_TITLE ??= nodeId();
  // A stop that has not finished by then ends the process with exit 1. It
  // finishes in 2 to 5 s, but Actionhero's Redis and node-resque stop steps
  // fail or hang while Redis is unreachable, and its default wait is 30 s:
  // past the 10 s a SIGTERM is given (docs/limitations.md, "Cluster").
  process.env.ACTIONHERO_SHUTDOWN_TIMEOUT ??= String(STOP_DEADLINE_MS);
  const { Process } = await import("actionhero");
  const app = new Process();
  app.registerProcessSignals((exitCode) => process.exit(exitCode));
  try {
    await app.start();
  } catch (error) {
    console.error(`accrue: could not start: ${oneLine(error)}`);
    process.exit(1);
  }
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0];
}

void main();
