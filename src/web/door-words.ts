/** A door event in a host's words (the stay page's door activity and the access log). */
export const DOOR_EVENT_WORDS: Record<string, string> = {
  unlocked: "Unlocked", locked: "Locked", access_denied: "Wrong code entered", tampered: "Tampering reported", jammed: "Lock jammed",
  code_changed_externally: "Code changed outside staykey", code_deleted_externally: "Code deleted outside staykey",
};

/** Whose code opened the door, in a host's words. */
export const DOOR_ACTOR_WORDS: Record<string, string> = {
  guest: "guest's code", cleaner: "cleaner's code", grant: "access grant's code", backup: "backup code", unknown_code: "a code staykey never set",
};
