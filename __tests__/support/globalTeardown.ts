/** Stops the throwaway servers globalSetup started, if any. */
export default async function globalTeardown() {
  const services = (globalThis as { __accrueServices?: { stop(): void } })
    .__accrueServices;
  services?.stop();
}
