import { Bytes, Crypto, Entropy, Environment, FabricId, Logger, LogLevel, MemoryStorageDriver, Network, NetworkSimulator, ServerNode, StorageService } from "@matter/main";
import { DoorLockClient, DoorLockServer } from "@matter/main/behaviors/door-lock";
import { DoorLock } from "@matter/main/clusters/door-lock";
import { DoorLockDevice } from "@matter/main/devices/door-lock";

/**
 * Matter for real on matter.js's in-memory network (NetworkSimulator: no multicast, no interface): virtual locks
 * (`ServerNode` + `DoorLockDevice` whose `DoorLockServer` has the User, PIN Credential and credential-over-the-air
 * features, so `UnlockDoor` checks a PIN) and staykey's controller, which commissions each lock with its passcode
 * the way a host's pairing code would. Commissioning takes a second or two per lock: share one network per test file.
 */
export const LockServer = DoorLockServer.with("PinCredential", "User", "CredentialOverTheAirAccess");

export interface MatterLockSpec {
  users?: number;
  minPin?: number;
  maxPin?: number;
}

export interface MatterNetwork {
  controller: ServerNode;
  /** The peer id staykey's controller knows each lock by, in the order given. */
  peers: string[];
  /** Whether the lock itself holds a PIN credential at this index (its own state, no network). */
  credentialAt(lock: number, index: number): boolean;
  /** Whether the lock opens for this PIN: `UnlockDoor` with it, sent by the controller as a keypad would check it. */
  opensWith(lock: number, pin: string): Promise<boolean>;
  /** Change what the lock accepts (e.g. a longer minimum PIN, so it refuses the next one). */
  setPinLengths(lock: number, min: number, max: number): Promise<void>;
  /** Take the lock off the network (batteries out) and back. */
  offline(lock: number): Promise<void>;
  online(lock: number): Promise<void>;
  /** Remove every user and credential, for the next test. */
  reset(lock: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Each lock's own short discriminator (the top 4 of 12 bits, all a manual pairing code carries): locks that shared one
 * made a controller try PASE with the wrong lock first. Lock 0 keeps 3840, the pairing code tests know.
 */
const discriminatorOf = (i: number) => (3840 + i * 0x100) % 0x1000;

function environment(id: string, network: Network): Environment {
  // Not a child of the default environment: its mDNS and sockets would be the machine's, not the simulator's.
  const env = new Environment(id);
  env.set(Crypto, Environment.default.get(Crypto));
  env.set(Entropy, Environment.default.get(Entropy));
  env.set(Network, network);
  const storage = env.get(StorageService);
  storage.registerDriver(MemoryStorageDriver);
  storage.configuredDriver = "memory";
  return env;
}

/** Virtual locks alone on an in-memory network, each with a pairing window open, for staykey's own controllers to commission. */
export interface MatterLocks {
  /** A new host on the same in-memory network (a controller's network). */
  host(): Network;
  /** The 11-digit manual pairing code a host's app would show for this lock's pairing window. */
  pairingCode(lock: number): string;
  /** Whether the lock itself holds a PIN credential at this index (its own state, no network). */
  credentialAt(lock: number, index: number): boolean;
  /**
   * Someone types a PIN at the lock's keypad: the lock checks it against its own credentials and, as a real lock does,
   * unlocks and emits LockOperation (source Keypad, with the user and credential index), or emits LockOperationError.
   * matter.js's DoorLockServer has no keypad of its own (its unlock path is the remote command), so this is its keypad.
   */
  keypad(lock: number, pin: string): Promise<boolean>;
  /** Someone clears a PIN at the lock itself (its programming menu): LockUserChange with no fabric, source Keypad. */
  clearAtKeypad(lock: number, index: number): Promise<void>;
  /** How many fabrics the lock is commissioned into (its Operational Credentials' CommissionedFabrics). */
  fabricsOn(lock: number): number;
  /** A user the host's own ecosystem (another fabric, `creatorFabricIndex`) created at this index, no credential. */
  addHostUser(lock: number, index: number, creatorFabricIndex: number): Promise<void>;
  /** The user indexes the lock holds. */
  usersOn(lock: number): number[];
  /** Records the lock's user indexes at every change from now on (a lock left by its last fabric resets to factory state). */
  recordUsers(lock: number): () => number[][];
  /** The lock reports a jammed bolt. */
  jam(lock: number): Promise<void>;
  close(): Promise<void>;
}

type LockAgent = {
  auth: { credentials: ReadonlyArray<{ credentialType: number; credentialIndex: number; credentialData: Uint8Array }>; decrypt(d: Uint8Array): Uint8Array; findUserIndexForCredential(t: number, i: number): number | null };
  state: { lockState: number; users: Array<{ userIndex: number }>; credentials: Array<{ credentialType: number; credentialIndex: number }> };
  events: Record<"lockOperation" | "lockOperationError" | "lockUserChange" | "doorLockAlarm", { emit(payload: object, context: unknown): void }>;
  context: unknown;
};
const KEYPAD = DoorLock.OperationSource.Keypad;
const NO_PEER = { fabricIndex: null, sourceNode: null };

export async function startMatterLocks(specs: MatterLockSpec[]): Promise<MatterLocks & { nodes: ServerNode[] }> {
  // matter.js logs every exchange at info; a test run wants its failures only.
  Logger.level = LogLevel.ERROR;
  const simulator = new NetworkSimulator();
  let nextHost = 100;
  const locks: ServerNode[] = [];
  for (const [i, spec] of specs.entries()) {
    const node = new ServerNode({
      id: `lock${i}`,
      environment: environment(`lock${i}`, simulator.addHost(10 + i)),
      commissioning: { passcode: 20202021 + i, discriminator: discriminatorOf(i) },
    });
    await node.add(DoorLockDevice.with(LockServer), {
      id: "door",
      doorLock: {
        lockState: DoorLock.LockState.Locked,
        lockType: DoorLock.LockType.DeadBolt,
        actuatorEnabled: true,
        operatingMode: DoorLock.OperatingMode.Normal,
        numberOfTotalUsersSupported: spec.users ?? 10,
        numberOfPinUsersSupported: spec.users ?? 10,
        numberOfCredentialsSupportedPerUser: 1,
        credentialRulesSupport: { single: true },
        minPinCodeLength: spec.minPin ?? 4,
        maxPinCodeLength: spec.maxPin ?? 8,
        wrongCodeEntryLimit: 5,
        userCodeTemporaryDisableTime: 10,
        requirePinForRemoteOperation: true,
      },
    });
    await node.start();
    locks.push(node);
  }
  const door = (i: number) => locks[i]!.parts.get("door")!;
  const onLock = <T>(i: number, run: (lock: LockAgent) => T): Promise<T> => door(i).act((agent) => run(agent.get(LockServer) as unknown as LockAgent)) as Promise<T>;
  return {
    nodes: locks,
    keypad: (i, pin) => onLock(i, (lock) => {
      const entered = new TextEncoder().encode(pin);
      const cred = lock.auth.credentials.find((c) => c.credentialType === DoorLock.CredentialType.Pin && Bytes.areEqual(lock.auth.decrypt(c.credentialData), entered));
      if (!cred) {
        lock.events.lockOperationError.emit({ lockOperationType: DoorLock.LockOperationType.Unlock, operationSource: KEYPAD, operationError: DoorLock.OperationError.InvalidCredential, userIndex: null, ...NO_PEER, credentials: null }, lock.context);
        return false;
      }
      lock.state.lockState = DoorLock.LockState.Unlocked;
      lock.events.lockOperation.emit({
        lockOperationType: DoorLock.LockOperationType.Unlock, operationSource: KEYPAD, ...NO_PEER,
        userIndex: lock.auth.findUserIndexForCredential(cred.credentialType, cred.credentialIndex),
        credentials: [{ credentialType: cred.credentialType, credentialIndex: cred.credentialIndex }],
      }, lock.context);
      return true;
    }),
    clearAtKeypad: (i, index) => onLock(i, (lock) => {
      lock.state.credentials = lock.state.credentials.filter((c) => !(c.credentialType === DoorLock.CredentialType.Pin && c.credentialIndex === index));
      lock.state.users = lock.state.users.filter((u) => u.userIndex !== index);
      lock.events.lockUserChange.emit({ lockDataType: DoorLock.LockDataType.Pin, dataOperationType: DoorLock.DataOperationType.Clear, operationSource: KEYPAD, userIndex: index, ...NO_PEER, dataIndex: index }, lock.context);
    }),
    fabricsOn: (i) => (locks[i]!.state.operationalCredentials as { commissionedFabrics: number }).commissionedFabrics,
    usersOn: (i) => (door(i).stateOf(LockServer) as unknown as LockAgent["state"]).users.map((u) => u.userIndex),
    recordUsers(i) {
      const seen: number[][] = [];
      const events = door(i).events as unknown as { doorLock: { users$Changed: { on(f: (users: Array<{ userIndex: number }>) => void): void } } };
      events.doorLock.users$Changed.on((users) => void seen.push(users.map((u) => u.userIndex).sort()));
      return () => seen;
    },
    addHostUser: (i, index, creatorFabricIndex) => onLock(i, (lock) => {
      lock.state.users = [...lock.state.users, {
        userIndex: index, userName: "host", userUniqueId: null, userStatus: DoorLock.UserStatus.OccupiedEnabled, userType: DoorLock.UserType.UnrestrictedUser,
        credentialRule: DoorLock.CredentialRule.Single, creatorFabricIndex, lastModifiedFabricIndex: creatorFabricIndex, credentials: [],
      } as never];
    }),
    jam: (i) => onLock(i, (lock) => lock.events.doorLockAlarm.emit({ alarmCode: DoorLock.AlarmCode.LockJammed }, lock.context)),
    host: () => simulator.addHost(nextHost++),
    pairingCode: (i) => (locks[i]!.state.commissioning as { pairingCodes: { manualPairingCode: string } }).pairingCodes.manualPairingCode,
    credentialAt(i, index) {
      const state = door(i).stateOf(LockServer) as unknown as { credentials: Array<{ credentialType: number; credentialIndex: number }> };
      return state.credentials.some((c) => c.credentialType === DoorLock.CredentialType.Pin && c.credentialIndex === index);
    },
    async close() {
      for (const lock of locks) await lock.close();
    },
  };
}

export async function startMatterNetwork(specs: MatterLockSpec[]): Promise<MatterNetwork> {
  const started = await startMatterLocks(specs);
  const locks = started.nodes;
  const controller = new ServerNode({
    id: "staykey",
    environment: environment("staykey", started.host()),
    controller: { adminFabricId: FabricId(1) },
    commissioning: { enabled: false },
  } as ConstructorParameters<typeof ServerNode>[0]);
  await controller.start();
  const peers: string[] = [];
  for (const [i] of specs.entries()) {
    const peer = await controller.peers.commission({ passcode: 20202021 + i, discriminator: discriminatorOf(i), timeoutSeconds: 30 } as Parameters<typeof controller.peers.commission>[0]);
    peers.push(String((peer as unknown as { id: string }).id));
  }

  const door = (i: number) => locks[i]!.parts.get("door")!;
  return {
    controller,
    peers,
    credentialAt: started.credentialAt,
    async opensWith(i, pin) {
      await door(i).set({ doorLock: { lockState: DoorLock.LockState.Locked } } as never);
      const commands = controller.peers.get(peers[i]!)!.endpoints.for(1).commandsOf(DoorLockClient) as unknown as { unlockDoor(r: { pinCode: Uint8Array }): Promise<void> };
      try {
        await commands.unlockDoor({ pinCode: new TextEncoder().encode(pin) });
      } catch {
        return false;
      }
      return (door(i).stateOf(LockServer) as { lockState: number }).lockState === DoorLock.LockState.Unlocked;
    },
    async setPinLengths(i, min, max) {
      await door(i).set({ doorLock: { minPinCodeLength: min, maxPinCodeLength: max } } as never);
    },
    async offline(i) {
      await locks[i]!.cancel();
    },
    async online(i) {
      await locks[i]!.start();
    },
    async reset(i) {
      await door(i).set({ doorLock: { users: [], credentials: [], minPinCodeLength: specs[i]?.minPin ?? 4, maxPinCodeLength: specs[i]?.maxPin ?? 8 } } as never);
    },
    async close() {
      await controller.close();
      await started.close();
    },
  };
}
