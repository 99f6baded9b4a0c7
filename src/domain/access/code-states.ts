/** Every state an access code can be in; the database column takes its values from here. */
export const CODE_STATES = ["planned", "programming", "active", "revoking", "revoked", "failed", "cancelled"] as const;
export type CodeState = (typeof CODE_STATES)[number];

/**
 * Whom a code is for: a stay's guest, a turnover's cleaner, a spare kept ready for a guest whose code failed, or a
 * host's manual access grant (a contractor, recurring staff, a visitor, family).
 */
export const CODE_PURPOSES = ["guest", "cleaner", "backup", "grant"] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];

/** How a property's guest PINs are chosen: random, or the last four digits of the guest's phone. */
export const CODE_STRATEGIES = ["random", "phone_last4"] as const;
export type CodeStrategy = (typeof CODE_STRATEGIES)[number];

/**
 * The code lifecycle. `active` and `revoked` are only ever entered after reading the lock back; an active code may
 * go back to `planned` when the reconcile pass finds it missing from the lock (it is re-created with the same PIN).
 */
const NEXT: Record<CodeState, readonly CodeState[]> = {
  planned: ["programming", "active", "failed", "cancelled"],
  programming: ["active", "failed", "revoking", "planned"],
  active: ["revoking", "planned"],
  revoking: ["revoked"],
  revoked: [],
  failed: ["revoking", "revoked"],
  cancelled: [],
};

export const LIVE_CODE_STATES = ["planned", "programming", "active"] as const satisfies readonly CodeState[];

/** States in which a code is, or may be, on the lock: these are the ones a new PIN must not collide with. */
export const OCCUPYING_CODE_STATES = ["planned", "programming", "active", "revoking"] as const satisfies readonly CodeState[];

/**
 * States in which a code is, or may be, set on the lock, so it may open the door: a lock or property is not removed
 * while one of its codes is in them, or the PIN would be forgotten while it still works.
 */
export const ON_LOCK_CODE_STATES = ["programming", "active", "revoking"] as const satisfies readonly CodeState[];

export function canTransition(from: CodeState, to: CodeState): boolean {
  return NEXT[from].includes(to);
}

export class IllegalCodeTransition extends Error {
  constructor(
    readonly from: CodeState,
    readonly to: CodeState,
  ) {
    super(`access code cannot go from ${from} to ${to}`);
  }
}

export function assertTransition(from: CodeState, to: CodeState): void {
  if (!canTransition(from, to)) throw new IllegalCodeTransition(from, to);
}

export const isLive = (state: CodeState) => (LIVE_CODE_STATES as readonly CodeState[]).includes(state);
