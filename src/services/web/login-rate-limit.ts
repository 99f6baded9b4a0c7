import type { Clock } from "../../lib/clock";

export interface LoginRateLimitOptions {
  maxFailures: number;
  windowMs: number;
}

/**
 * Failed sign-ins per email + client address. Keyed on both so one attacker cannot lock a host out
 * from every network, and one address cannot try a password list against many emails faster than
 * the limit allows per email. In memory: a restart forgets, which only gives an attacker one more window.
 */
export class LoginRateLimit {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly opts: LoginRateLimitOptions = { maxFailures: 5, windowMs: 15 * 60 * 1000 },
  ) {}

  /** Milliseconds until another attempt is allowed, or 0 when one is allowed now. */
  retryAfterMs(email: string, ip: string): number {
    const recent = this.recent(this.key(email, ip));
    if (recent.length < this.opts.maxFailures) return 0;
    return recent[0]! + this.opts.windowMs - this.clock.now().getTime();
  }

  recordFailure(email: string, ip: string): void {
    const key = this.key(email, ip);
    const recent = this.recent(key);
    recent.push(this.clock.now().getTime());
    this.failures.set(key, recent);
    if (this.failures.size > 10_000) this.prune();
  }

  recordSuccess(email: string, ip: string): void {
    this.failures.delete(this.key(email, ip));
  }

  private key(email: string, ip: string) {
    return `${email.trim().toLowerCase()}|${ip}`;
  }

  private recent(key: string): number[] {
    const since = this.clock.now().getTime() - this.opts.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  private prune() {
    for (const key of [...this.failures.keys()]) {
      const recent = this.recent(key);
      if (recent.length === 0) this.failures.delete(key);
      else this.failures.set(key, recent);
    }
  }
}
