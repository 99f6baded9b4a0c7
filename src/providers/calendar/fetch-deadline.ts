import type { ClientRequest } from "node:http";

/**
 * The total time budget of one fetch, redirects and body included: one timer that destroys whichever request is in
 * flight when it runs out. Not an AbortController handed to each request: node wires a signal into every request
 * with its own listeners and end-of-stream tracking, and aborting builds a DOMException, a measurable share of a
 * fetch's CPU when a sync fetches hundreds of feeds.
 */
export class FetchDeadline {
  /** Once true, whatever error a request fails with is reported as the total timeout. */
  expired = false;
  private inFlight: ClientRequest | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(ms: number) {
    this.timer = setTimeout(() => this.expire(), ms);
  }

  /** Makes `req` the request the deadline destroys; one created after the budget ran out is destroyed at once. */
  watch(req: ClientRequest): void {
    this.inFlight = req;
    if (this.expired) req.destroy(deadlineError());
  }

  clear(): void {
    clearTimeout(this.timer);
  }

  private expire(): void {
    this.expired = true;
    // Destroying the request destroys its socket too, so a response still streaming fails instead of hanging.
    this.inFlight?.destroy(deadlineError());
  }
}

function deadlineError(): Error {
  return new Error("the fetch ran out of its total time budget");
}
