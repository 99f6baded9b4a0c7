import type { LockProviderKind } from "./types";

/**
 * Vendors whose app shows people each code's name, and the length staykey keeps those names within. Seam keeps the
 * name it is given (what staykey reads back) and itself shortens what the lock maker's app shows to each device's
 * own `name_length` constraint; 40 characters reads well in those apps. Locks that keep no names, or only a few bytes
 * (Home Assistant and Z-Wave JS slots, Matter's 10-byte user names), and the simulated lock are absent: their codes
 * keep `staykey <code id>`.
 */
export const PERSON_CODE_NAME_LIMITS: Partial<Record<LockProviderKind, number>> = { seam: 40 };
