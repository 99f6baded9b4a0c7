import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

describe("loadConfig", () => {
  it("keeps STAYKEY_PUBLIC_URL without its trailing slash, so every path appended to it has exactly one", () => {
    expect(loadConfig({ STAYKEY_PUBLIC_URL: "https://staykey.example.com//" }).STAYKEY_PUBLIC_URL).toBe("https://staykey.example.com");
    expect(loadConfig({ STAYKEY_PUBLIC_URL: "https://staykey.example.com/base/" }).STAYKEY_PUBLIC_URL).toBe("https://staykey.example.com/base");
    expect(loadConfig({}).STAYKEY_PUBLIC_URL).toBeUndefined();
  });

  it("refuses a public URL that is not http(s), naming the variable", () => {
    expect(() => loadConfig({ STAYKEY_PUBLIC_URL: "ftp://staykey.example.com" })).toThrow(ConfigError);
    expect(() => loadConfig({ STAYKEY_PUBLIC_URL: "ftp://staykey.example.com" })).toThrow(/STAYKEY_PUBLIC_URL/);
  });

  it("refuses a lock allow-list entry that is not a host, IP or CIDR, naming the variable and the entry", () => {
    expect(() => loadConfig({ STAYKEY_LOCK_ALLOW_HOSTS: "192.168.1.0/24,http://ha.lan" })).toThrow(/STAYKEY_LOCK_ALLOW_HOSTS: not a valid CIDR in allow list: http:\/\/ha.lan/);
    expect(loadConfig({ STAYKEY_LOCK_ALLOW_HOSTS: "192.168.1.0/24,ha.lan" }).STAYKEY_LOCK_ALLOW_HOSTS).toBe("192.168.1.0/24,ha.lan");
  });

  it("takes trusted proxies as addresses and networks only", () => {
    expect(loadConfig({ STAYKEY_TRUSTED_PROXIES: "127.0.0.1, ::1, 10.0.0.0/8" }).STAYKEY_TRUSTED_PROXIES).toBe("127.0.0.1, ::1, 10.0.0.0/8");
    expect(() => loadConfig({ STAYKEY_TRUSTED_PROXIES: "proxy.lan" })).toThrow(/STAYKEY_TRUSTED_PROXIES: must list IP addresses or CIDRs, not host names/);
  });
});
