import { stringFlag } from "./args";
import { readPiped } from "./accounts";
import { CliUsageError, type CliIo, type ParsedArgs } from "./types";

interface KeypadAnswer {
  outcome: "unlocked" | "denied";
  event: { id: string; kind: string; actor: string | null; stayId: string | null; accessCodeId: string | null } | null;
}

/** Where the running server listens: STAYKEY_URL, else this machine on PORT (8787 by default), as `serve` binds it. */
export function serverUrl(env: CliIo["env"]): string {
  const url = env.STAYKEY_URL?.trim() || `http://127.0.0.1:${env.PORT?.trim() || "8787"}`;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error("not http");
  } catch {
    throw new CliUsageError("STAYKEY_URL must be the http(s) address of the running staykey server");
  }
  return url.replace(/\/+$/, "");
}

/**
 * `staykey unlock --lock <id> --pin <digits>`: types a PIN at a simulated lock's keypad. The simulated lock lives in
 * the running server's memory, so this asks that server, through the same API action as the dashboard's keypad
 * (POST /api/v1/locks/{id}/keypad) with the API key in STAYKEY_API_KEY, and prints what the lock did. The PIN is sent
 * in the request body only, and never printed.
 */
export async function unlockCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const lockId = stringFlag(args, "lock");
  if (!lockId) throw new CliUsageError("--lock <lock id> is required");
  const fromStdin = args.flags["pin-stdin"] === true;
  if (fromStdin && stringFlag(args, "pin") !== undefined) throw new CliUsageError("give the PIN with --pin or --pin-stdin, not both");
  const pin = fromStdin ? (await readPiped(io)).trim() : stringFlag(args, "pin");
  if (!pin || !/^\d{4,8}$/.test(pin)) throw new CliUsageError("the PIN must be 4 to 8 digits (--pin, or piped in with --pin-stdin)");
  const key = io.env.STAYKEY_API_KEY?.trim();
  if (!key) throw new CliUsageError("set STAYKEY_API_KEY to an API key of the lock's account (staykey create-api-key)");
  const base = serverUrl(io.env);

  let res: Response;
  try {
    res = await fetch(`${base}/api/v1/locks/${encodeURIComponent(lockId)}/keypad`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ pin }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch {
    io.err(`staykey unlock: could not reach staykey at ${base} (is staykey serve running? set STAYKEY_URL)`);
    return 1;
  }
  const body = (await res.json().catch(() => null)) as (KeypadAnswer & { title?: string; detail?: string }) | null;
  if (!res.ok || !body) {
    const why = body?.detail ?? body?.title ?? `HTTP ${res.status}`;
    if (args.json) io.out(JSON.stringify({ error: why, status: res.status }));
    io.err(`staykey unlock: ${why}`);
    return res.status === 404 || res.status === 400 || res.status === 409 || res.status === 422 ? 2 : 1;
  }
  if (args.json) {
    io.out(JSON.stringify(body));
  } else if (body.outcome === "unlocked") {
    const whose = body.event?.actor ? `${body.event.actor} code` : "a code";
    io.out(`unlocked: ${lockId} opened for ${whose}${body.event?.stayId ? ` (stay ${body.event.stayId})` : ""}`);
  } else {
    io.out(`denied: ${lockId} refused the code (logged as access_denied)`);
  }
  return body.outcome === "unlocked" ? 0 : 3;
}
