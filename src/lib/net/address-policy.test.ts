import { describe, expect, it } from "vitest";
import { isAllowed, isPublicAddress, linkLocalOrMetadata, nonPublicRange, parseAllowList } from "./address-policy";

describe("isPublicAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["100.64.0.1", "carrierGradeNat"],
    ["100.127.255.255", "carrierGradeNat"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["255.255.255.255", "broadcast"],
    ["192.0.2.10", "reserved"],
    ["198.51.100.7", "reserved"],
    ["203.0.113.9", "reserved"],
    ["198.18.0.1", "reserved"],
    ["240.0.0.1", "reserved"],
  ])("refuses IPv4 %s (%s)", (ip, range) => {
    expect(isPublicAddress(ip)).toBe(false);
    expect(nonPublicRange(ip)).toBe(range);
  });

  it.each(["8.8.8.8", "1.1.1.1", "52.94.236.248", "172.32.0.1", "100.128.0.1", "169.253.255.255"])(
    "accepts public IPv4 %s",
    (ip) => expect(isPublicAddress(ip)).toBe(true),
  );

  it.each([
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "linkLocal"],
    ["fc00::1", "uniqueLocal"],
    ["fd12:3456::1", "uniqueLocal"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "reserved"],
    ["100::1", "discard"],
    ["fec0::1", "deprecatedSiteLocal"],
    // IPv4-compatible and other space outside 2000::/3 is never a feed host.
    ["::7f00:1", "reserved"],
    ["4000::1", "reserved"],
  ])("refuses IPv6 %s (%s)", (ip, range) => {
    expect(isPublicAddress(ip)).toBe(false);
    expect(nonPublicRange(ip)).toBe(range);
  });

  it.each(["2606:4700:4700::1111", "2a00:1450:4001:82b::200e"])("accepts public IPv6 %s", (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });

  it.each([
    ["::ffff:127.0.0.1", /loopback/],
    ["::ffff:7f00:1", /loopback/],
    ["::ffff:10.1.2.3", /private/],
    ["::ffff:169.254.169.254", /linkLocal/],
    ["::ffff:0:a00:1", /private/], // RFC 6145 translated form
    ["64:ff9b::10.0.0.1", /private/], // NAT64 well-known prefix
    ["64:ff9b::127.0.0.1", /loopback/],
    ["64:ff9b:1::808:808", /rfc6052/], // local-use NAT64 prefix, whatever it embeds
    ["2002:a00:1::1", /private/], // 6to4 of 10.0.0.1
    ["2002:7f00:1::1", /loopback/], // 6to4 of 127.0.0.1
    ["2002:a9fe:a9fe::1", /linkLocal/], // 6to4 of 169.254.169.254
    ["2001:0:a00:1::1", /private/], // Teredo server 10.0.0.1
    ["2001:0:4136:e378:8000:63bf:80ff:fffe", /loopback/], // Teredo client 127.0.0.1, inverted
  ])("judges %s by the IPv4 address it embeds", (ip, range) => {
    expect(isPublicAddress(ip)).toBe(false);
    expect(nonPublicRange(ip)).toMatch(range);
  });

  it.each([
    "::ffff:8.8.8.8",
    "64:ff9b::8.8.8.8",
    "2002:808:808::1",
    "2001:0:4136:e378:8000:63bf:f7f7:f7f7", // Teredo server 65.54.227.120, client 8.8.8.8
  ])("accepts %s when the embedded IPv4 address is public", (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });

  it.each(["", "localhost", "999.1.1.1", "::ffff:127.0.0.1/128", "not an ip"])(
    "refuses %j, which is not an address",
    (ip) => expect(nonPublicRange(ip)).toBe("invalid"),
  );
});

describe("parseAllowList", () => {
  it("reads host names, CIDRs and bare addresses, ignoring blanks and case", () => {
    const list = parseAllowList(" Feeds.Test. , 10.0.0.0/8,::1/128,, 192.168.1.7 ,[fd00::5]");
    expect([...list.hosts]).toEqual(["feeds.test"]);
    expect(list.networks.map(([addr, bits]) => `${addr.toString()}/${bits}`)).toEqual([
      "10.0.0.0/8",
      "::1/128",
      "192.168.1.7/32",
      "fd00::5/128",
    ]);
  });

  it("is empty for an unset or blank variable", () => {
    expect(parseAllowList(undefined).hosts.size).toBe(0);
    expect(parseAllowList("  ").networks).toHaveLength(0);
  });

  it.each(["10.0.0.0/33", "http://feeds.test", "feeds test", "*.lan", "10.0.0.0/x"])("rejects %j", (entry) => {
    expect(() => parseAllowList(entry)).toThrow(/allow list/);
  });
});

describe("isAllowed", () => {
  const list = parseAllowList("ical.lan,10.0.0.0/8,::1/128");

  it("allows a named host whatever it resolves to", () => {
    expect(isAllowed("ICAL.lan", "192.168.9.9", list)).toBe(true);
    expect(isAllowed("ical.lan.", "127.0.0.1", list)).toBe(true);
  });

  it("allows an address inside a listed network, for any host name", () => {
    expect(isAllowed("pms.example", "10.20.30.40", list)).toBe(true);
    expect(isAllowed("::1", "::1", list)).toBe(true);
  });

  it("treats an IPv4-mapped IPv6 address as the IPv4 address it carries", () => {
    expect(isAllowed("pms.example", "::ffff:10.0.0.9", list)).toBe(true);
  });

  it("refuses everything else", () => {
    expect(isAllowed("other.lan", "192.168.1.1", list)).toBe(false);
    expect(isAllowed("sub.ical.lan", "192.168.1.1", list)).toBe(false);
    expect(isAllowed("pms.example", "11.0.0.1", list)).toBe(false);
    expect(isAllowed("pms.example", "::2", list)).toBe(false);
    expect(isAllowed("pms.example", "not-an-ip", list)).toBe(false);
  });
});

describe("linkLocalOrMetadata (what no lock allow-list opens)", () => {
  it.each([
    ["169.254.169.254", "linkLocal"],
    ["169.254.0.1", "linkLocal"],
    ["fe80::1", "linkLocal"],
    ["febf::1", "linkLocal"],
    ["::ffff:169.254.169.254", "linkLocal (carries 169.254.169.254)"],
    ["64:ff9b::a9fe:a9fe", "linkLocal (carries 169.254.169.254)"],
    ["2002:a9fe:a9fe::1", "linkLocal (carries 169.254.169.254)"],
    ["fd00:ec2::254", "cloud metadata"],
    ["100.100.100.200", "cloud metadata"],
    ["::ffff:100.100.100.200", "cloud metadata (carries 100.100.100.200)"],
  ])("names %s (%s)", (ip, reason) => expect(linkLocalOrMetadata(ip)).toBe(reason));

  it.each(["127.0.0.1", "192.168.1.20", "10.0.0.5", "fd12::5", "::1", "100.100.100.201", "93.184.215.14"])("leaves %s to the allow-list", (ip) => {
    expect(linkLocalOrMetadata(ip)).toBeNull();
  });
});
