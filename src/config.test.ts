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
});
