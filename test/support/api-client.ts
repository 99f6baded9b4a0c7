import { createApp } from "../../src/app";
import { createApiKey } from "../../src/services/accounts/api-keys";
import { createAccount } from "../../src/services/accounts/create-account";
import { testServiceDeps } from "./service-deps";

export interface Caller {
  accountId: string;
  key: string;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
}

/** An app with two independent accounts, A and B, for happy-path and isolation tests. */
export async function apiHarness(opts: Parameters<typeof testServiceDeps>[0] = {}) {
  const deps = testServiceDeps(opts);
  const app = createApp(deps);
  const caller = async (email: string): Promise<Caller> => {
    const { accountId, userId } = await createAccount(deps, { name: email, ownerEmail: email });
    const { key } = createApiKey(deps.db, deps.clock, { accountId, userId, name: "test" });
    return {
      accountId,
      key,
      async request(method, path, body, headers = {}) {
        const init: RequestInit = { method, headers: { authorization: `Bearer ${key}`, ...headers } };
        if (body !== undefined) {
          init.body = typeof body === "string" ? body : JSON.stringify(body);
          (init.headers as Record<string, string>)["content-type"] ??= "application/json";
        }
        const res = await app.request(path, init);
        const text = await res.text();
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          /* non-JSON bodies are returned as text */
        }
        return { status: res.status, body: parsed, headers: res.headers };
      },
    };
  };
  return { deps, app, a: await caller("a@example.com"), b: await caller("b@example.com") };
}
