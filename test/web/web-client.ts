import type { Hono } from "hono";

type Fetchable = Pick<Hono, "request">;

/**
 * A cookie-keeping client for route tests: what a browser would send, without the browser. `ip` is the client address
 * the app sees (what @hono/node-server's getConnInfo reads from the socket); `headers` go with every request.
 */
export function webClient(app: Fetchable, opts: { ip?: string; headers?: Record<string, string> } = {}) {
  const env = opts.ip ? { incoming: { socket: { remoteAddress: opts.ip } } } : undefined;
  const jar = new Map<string, string>();
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const [name, value] = pair!.split("=") as [string, string];
      const expired = attrs.some((a) => /max-age=0/i.test(a) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === "") jar.delete(name.trim());
      else jar.set(name.trim(), value);
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const client = {
    jar,
    async get(path: string) {
      const res = await app.request(path, { headers: { ...opts.headers, cookie: cookie() } }, env);
      remember(res);
      return { status: res.status, location: res.headers.get("location"), html: await res.text(), headers: res.headers };
    },
    async post(path: string, form: Record<string, string>) {
      const res = await app.request(path, {
        method: "POST",
        headers: { ...opts.headers, cookie: cookie(), "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form).toString(),
      }, env);
      remember(res);
      return { status: res.status, location: res.headers.get("location"), html: await res.text(), headers: res.headers };
    },
    /** The CSRF token the page at `path` put in its forms. */
    async csrfFrom(path: string) {
      const page = await client.get(path);
      const token = /name="_csrf" value="([^"]+)"/.exec(page.html)?.[1];
      if (!token) throw new Error(`no CSRF token on ${path} (status ${page.status})`);
      return token;
    },
    async signIn(email: string, password: string) {
      const csrf = await client.csrfFrom("/login");
      return client.post("/login", { _csrf: csrf, email, password });
    },
  };
  return client;
}
