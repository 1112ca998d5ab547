#!/usr/bin/env node
import { nodeId } from "./modules/nodeId";
import { SettingsError, settings } from "./settings";

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
