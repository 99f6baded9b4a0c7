import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { BatteryCCGet, BatteryCCReport, NotificationCCReport, Security2CCMessageEncapsulation, UserCodeCC, UserCodeCCSet, type CommandClass } from "@zwave-js/cc";
import { CommandClasses, SecurityClass } from "@zwave-js/core";
import { ZwavejsServer } from "@zwave-js/server";
import { createMockZWaveRequestFrame, MockController, MockNode, type MockNodeBehavior } from "@zwave-js/testing";
import type { Driver } from "zwave-js";
import { createAndStartDriverWithMockPort, createDefaultMockControllerBehaviors, createDefaultMockNodeBehaviors } from "zwave-js/Testing";

/**
 * The real Z-Wave JS stack on loopback: the zwave-js driver on a mock serial port (a MockController and one MockNode
 * per lock, with zwave-js's own default behaviours for User Code, Door Lock, Battery and Supervision), served by
 * @zwave-js/server on 127.0.0.1 exactly as Z-Wave JS UI serves it. Starting takes a few seconds (the driver
 * interviews every node): share one per test file. The device side is checked through each mock node's state.
 */
export interface ZwaveLockSpec {
  nodeId: number;
  /** User code slots the lock reports. */
  users?: number;
  /** Percent. */
  battery?: number;
  /**
   * Included with the S2 Access Control class, as a lock is: the driver and the controller share the network keys, and
   * every User Code, Door Lock, Battery and Notification command travels S2-encapsulated (nonce exchange, AES-CCM).
   */
  s2?: boolean;
}

export interface ZwaveJsPeer {
  url: string;
  driver: Driver;
  /** The PIN in a slot as the lock itself holds it (undefined when the slot is empty). */
  usercode(nodeId: number, slot: number): string | undefined;
  /** A code put on the lock at its keypad, out of staykey's sight. */
  setUsercode(nodeId: number, slot: number, pin: string): void;
  /** Empties every slot on the lock and clears its faults, for the next test. */
  reset(nodeId: number): void;
  /** The lock answers every User Code set/clear with Supervision "fail", as a lock refusing a PIN does. */
  refuseWrites(nodeId: number, refuse: boolean): void;
  /** The lock acknowledges User Code commands but never acts on or answers them, so the driver waits for a report that never comes. */
  stall(nodeId: number, stalled: boolean): void;
  /** The User Code commands the lock received, in order, each with whether it came inside S2 encapsulation. */
  wire(nodeId: number): Array<{ command: string; s2: boolean }>;
  /** The lock stops answering the radio entirely (out of range, batteries out); the driver marks it dead. */
  silence(nodeId: number, silent: boolean): Promise<void>;
  /** The lock reports an Access Control notification (6 = keypad unlock), naming the user code slot when given. */
  notify(nodeId: number, event: number, slot?: number): Promise<void>;
  /** Stops the WebSocket server only (the driver keeps running), as when Z-Wave JS UI restarts. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  stop(): Promise<void>;
}

const quiet = { error() {}, warn() {}, info() {}, debug() {} };

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

const decode = (v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString("ascii") : typeof v === "string" ? v : undefined);

/** Test-only network keys; the driver (as Z-Wave JS UI holds them) and the mock controller must agree. */
const securityKeys = {
  S2_AccessControl: Buffer.from("5374617920414343204b657920333333", "hex"),
  S2_Authenticated: Buffer.from("5374617920415554204b657920323232", "hex"),
  S2_Unauthenticated: Buffer.from("5374617920554e41204b657920313131", "hex"),
};

export async function startZwaveJsServer(opts: { locks: ZwaveLockSpec[] }): Promise<ZwaveJsPeer> {
  const cacheDir = await mkdtemp(path.join(tmpdir(), "staykey-zwave-"));
  const { driver, continueStartup, mockPort, serial } = await createAndStartDriverWithMockPort({
    testingHooks: { skipFirmwareIdentification: true },
    logConfig: { enabled: false },
    storage: { cacheDir, lockDir: path.join(cacheDir, "locks") },
    securityKeys,
  });
  const controller = await MockController.create({ homeId: 0x7e570001, ownNodeId: 1, mockPort, serial, securityKeys });
  controller.defineBehavior(...createDefaultMockControllerBehaviors());

  const nodes = new Map<number, MockNode>();
  const refusing = new Set<number>();
  const stalled = new Set<number>();
  const wire = new Map<number, Array<{ command: string; s2: boolean }>>();
  const silent = new Set<number>();
  const battery = new Map<number, number>();
  for (const spec of opts.locks) {
    // Under S2 a lock answers its access commands only inside S2 encapsulation.
    const secure = spec.s2 === true;
    const node = await MockNode.create({
      id: spec.nodeId,
      controller,
      capabilities: {
        ...(secure ? { securityClasses: new Set([SecurityClass.S2_AccessControl]) } : {}),
        commandClasses: [
          CommandClasses.Version,
          CommandClasses["Manufacturer Specific"],
          CommandClasses.Supervision,
          ...(secure ? [CommandClasses["Security 2"]] : []),
          { ccId: CommandClasses["User Code"], numUsers: spec.users ?? 10, secure },
          { ccId: CommandClasses["Door Lock"], secure },
          { ccId: CommandClasses.Battery, secure },
          // Access Control: manual/RF/keypad lock and unlock, auto lock, jammed, code limit exceeded.
          { ccId: CommandClasses.Notification, version: 8, secure, supportsV1Alarm: false, notificationTypesAndEvents: { 0x06: [1, 2, 3, 4, 5, 6, 9, 11, 19] } },
        ],
      },
    });
    battery.set(spec.nodeId, spec.battery ?? 90);
    controller.addNode(node);
    wire.set(spec.nodeId, []);
    node.defineBehavior(...createDefaultMockNodeBehaviors());
    // Defined last, so it runs first (later behaviours take precedence) and sees each frame before S2 is unwrapped.
    const recordWire: MockNodeBehavior = {
      transformIncomingCC(_ctrl, self, cc) {
        const s2 = cc instanceof Security2CCMessageEncapsulation;
        const encapsulated = (c: CommandClass) => (c as unknown as { encapsulated?: CommandClass }).encapsulated;
        let inner = cc;
        while (encapsulated(inner)) inner = encapsulated(inner)!;
        if (inner instanceof UserCodeCC) wire.get(self.id)?.push({ command: inner.constructor.name, s2 });
        return cc;
      },
    };
    node.defineBehavior(recordWire);
    const faults: MockNodeBehavior = {
      handleCC(ctrl, self, cc) {
        if (silent.has(self.id)) return { action: "stop" };
        if (refusing.has(self.id) && cc instanceof UserCodeCCSet) return { action: "fail" };
        if (stalled.has(self.id) && cc instanceof UserCodeCC) return { action: "stop" };
        // zwave-js has no default Battery behaviour: report the level the test set.
        if (cc instanceof BatteryCCGet) return { action: "sendCC", cc: new BatteryCCReport({ nodeId: ctrl.ownNodeId, level: battery.get(self.id) ?? 90 }) };
        return undefined;
      },
    };
    node.defineBehavior(faults);
    nodes.set(spec.nodeId, node);
  }

  await new Promise<void>((resolve) => {
    driver.once("driver ready", () => resolve());
    continueStartup();
  });
  await Promise.all(
    opts.locks.map(
      (spec) =>
        new Promise<void>((resolve) => {
          const node = driver.controller.nodes.getOrThrow(spec.nodeId);
          if (node.ready) resolve();
          else node.once("ready", () => resolve());
        }),
    ),
  );

  const port = await freePort();
  let server: ZwavejsServer | undefined;
  const startServer = async () => {
    server = new ZwavejsServer(driver, { port, host: "127.0.0.1", enableDNSServiceDiscovery: false, logger: quiet });
    await server.start();
  };
  const stopServer = async () => {
    await server?.destroy();
    server = undefined;
  };
  await startServer();

  const mock = (nodeId: number) => {
    const node = nodes.get(nodeId);
    if (!node) throw new Error(`no mock node ${nodeId}`);
    return node;
  };
  return {
    url: `ws://127.0.0.1:${port}`,
    driver,
    usercode(nodeId, slot) {
      const node = mock(nodeId);
      const status = node.state.get(`UserCode_userIdStatus_${slot}`);
      return status === 1 || status === 2 ? decode(node.state.get(`UserCode_userCode_${slot}`)) : undefined;
    },
    setUsercode(nodeId, slot, pin) {
      const node = mock(nodeId);
      node.state.set(`UserCode_userIdStatus_${slot}`, 1);
      node.state.set(`UserCode_userCode_${slot}`, Buffer.from(pin, "ascii"));
    },
    reset(nodeId) {
      const node = mock(nodeId);
      for (const key of [...node.state.keys()]) if (key.startsWith("UserCode_userCode_") || key.startsWith("UserCode_userIdStatus_")) node.state.delete(key);
      refusing.delete(nodeId);
      stalled.delete(nodeId);
      wire.set(nodeId, []);
    },
    refuseWrites(nodeId, refuse) {
      if (refuse) refusing.add(nodeId);
      else refusing.delete(nodeId);
    },
    stall(nodeId, stall) {
      if (stall) stalled.add(nodeId);
      else stalled.delete(nodeId);
    },
    wire: (nodeId) => [...(wire.get(nodeId) ?? [])],
    async silence(nodeId, quietNode) {
      const node = mock(nodeId);
      node.autoAckControllerFrames = !quietNode;
      if (quietNode) silent.add(nodeId);
      else {
        silent.delete(nodeId);
        // The driver believes a dead node until it hears from it again.
        await driver.controller.nodes.getOrThrow(nodeId).ping();
      }
    },
    async notify(nodeId, event, slot) {
      const cc = new NotificationCCReport({
        nodeId: 1,
        notificationType: 0x06,
        notificationEvent: event,
        ...(slot !== undefined ? { eventParameters: Uint8Array.from([slot]) } : {}),
      });
      await mock(nodeId).sendToController(createMockZWaveRequestFrame(cc, { ackRequested: false }));
    },
    stopServer,
    startServer,
    async stop() {
      await stopServer();
      await driver.destroy();
      controller.destroy();
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}
