import { describe, expect, it } from "vitest";
import { parseAllowList } from "./address-policy";
import { clientAddress } from "./client-address";

describe("clientAddress", () => {
  const none = parseAllowList("");
  const local = parseAllowList("127.0.0.1,::1,10.0.0.0/8");

  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress("203.0.113.9", "198.51.100.1", none)).toBe("203.0.113.9");
    expect(clientAddress("::ffff:203.0.113.9", undefined, none)).toBe("203.0.113.9");
    expect(clientAddress(undefined, undefined, none)).toBe("unknown");
  });

  it("takes the hop a trusted proxy saw, and never believes what the client wrote before it", () => {
    expect(clientAddress("127.0.0.1", "198.51.100.7", local)).toBe("198.51.100.7");
    // The client sent "X-Forwarded-For: 1.2.3.4"; nginx appended the real peer.
    expect(clientAddress("127.0.0.1", "1.2.3.4, 198.51.100.7", local)).toBe("198.51.100.7");
    // Two trusted proxies in a row (load balancer on 10/8, then nginx on loopback).
    expect(clientAddress("::1", "1.2.3.4, 198.51.100.7, 10.1.2.3", local)).toBe("198.51.100.7");
    expect(clientAddress("::ffff:127.0.0.1", "2001:db8::5", local)).toBe("2001:db8::5");
  });

  it("ignores the header from a peer that is not a trusted proxy, and stops at junk a proxy passed on", () => {
    expect(clientAddress("198.51.100.7", "127.0.0.1", local)).toBe("198.51.100.7");
    expect(clientAddress("127.0.0.1", "not-an-ip", local)).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", "", local)).toBe("127.0.0.1");
  });
});
