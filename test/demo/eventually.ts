const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Retries `check` (an async assertion) until it stops throwing, for outcomes that arrive through the job runner. On
 * timeout the last failure is rethrown, so the test reports what was still missing.
 */
export async function eventually<T>(check: () => Promise<T> | T, opts: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(opts.intervalMs ?? 100);
    }
  }
}
