/**
 * Work that outlives the request that started it (validating and applying imports). The process keeps the promises
 * so that shutting down waits for them; state lives in the database, so any process can answer the polls.
 */
const running = new Set<Promise<unknown>>();

export function trackBackgroundWork(work: Promise<unknown>): void {
  const tracked = work.finally(() => running.delete(tracked));
  running.add(tracked);
}

/** Resolves when every piece of background work started so far has finished. */
export async function waitForBackgroundWork(): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running]);
}
