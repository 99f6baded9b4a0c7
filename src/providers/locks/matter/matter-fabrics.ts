import type { ChangeNotificationService, ClientNode, Endpoint, MemoryStorageDriver, Network, ServerNode, StorageService } from "@matter/main";
import type { MatterClusterEvent } from "./door-events";
import type { LeftNode } from "./leave-fabric";
import { ownFabricIndexOn } from "./own-fabric-index";
import type { MatterPairing } from "./pairing-code";

type Snapshot = Record<string, Record<string, unknown>>;

/** Where each fabric's controller storage lives between runs; the caller seals it (it holds the fabric's private keys). */
export interface MatterFabricStore {
  load(connectionId: string): string | undefined;
  save(connectionId: string, snapshot: string): void;
}

export interface MatterFabricsOptions {
  store: MatterFabricStore;
  /**
   * The IP network each controller speaks on. Default: the machine's (matter.js's Node network, mDNS included). Tests
   * hand each controller a host on matter.js's in-memory NetworkSimulator instead, through the same code path.
   */
  network?: (connectionId: string) => Network;
}

/**
 * staykey's Matter controllers, one per Matter connection (its own fabric, so one account's controller can never address
 * another account's locks), started on first use and kept for the life of the process; `close` stops them. Each runs
 * in an environment of its own whose storage is an in-memory map written back, whole, to the store after every change:
 * the fabric's root and operational keys never touch the disk unsealed.
 */
export class MatterFabrics {
  private readonly running = new Map<string, Promise<ServerNode>>();
  private readonly pending = new Map<string, () => void>();
  private readonly started = new Set<(connectionId: string) => void>();

  constructor(private readonly opts: MatterFabricsOptions) {}

  /** The controller for this connection's fabric, started (from its stored state) on first use. */
  controller(connectionId: string): Promise<ServerNode> {
    let node = this.running.get(connectionId);
    if (!node) {
      node = this.start(connectionId, this.opts.store.load(connectionId));
      node.then(() => {
        for (const listener of this.started) listener(connectionId);
      }, () => this.running.delete(connectionId));
      this.running.set(connectionId, node);
    }
    return node;
  }

  /**
   * Commissions the device a pairing window is open for into this connection's fabric (made now when it has none) and
   * returns the peer id the controller knows it by. The passcode is used for this and not kept.
   */
  async commission(connectionId: string, pairing: MatterPairing, timeoutMs = 60_000): Promise<string> {
    const controller = await this.controller(connectionId);
    const { Seconds } = await import("@matter/main");
    const peer = await controller.peers.commission({ ...pairing, timeout: Seconds(timeoutMs / 1000) } as Parameters<typeof controller.peers.commission>[0]);
    this.flush(connectionId);
    return String((peer as unknown as { id: string }).id);
  }

  /**
   * Hands every Door Lock event the connection's paired nodes report to `onEvent` (matter.js subscribes to each peer's
   * events itself and resubscribes after a drop), with the node's event number to dedupe a replay by. Starts the
   * controller when it is not running. Returns the unsubscribe.
   */
  async watchDoorLockEvents(connectionId: string, onEvent: (event: MatterClusterEvent) => void): Promise<() => void> {
    const controller = await this.controller(connectionId);
    const { ChangeNotificationService: Changes } = await import("@matter/main");
    const changes = controller.env.get(Changes);
    const observer = (change: ChangeNotificationService.Change) => {
      if (change.kind !== "event" || change.behavior.id !== "doorLock" || change.endpoint.number === undefined) return;
      const peer = peerOf(change.endpoint, controller);
      if (!peer) return;
      onEvent({
        peer: String(peer.id),
        endpoint: change.endpoint.number,
        number: String(change.number),
        name: change.event.name.charAt(0).toLowerCase() + change.event.name.slice(1),
        payload: (change.payload ?? {}) as Record<string, unknown>,
        ...ownFabricIndexOn(peer),
      });
    };
    changes.change.on(observer);
    return () => changes.change.off(observer);
  }

  /**
   * Takes staykey's codes and then its fabric off every lock the connection paired, and stops its controller: what
   * deleting the connection means on the locks. Bounded: a lock that does not answer is reported, not waited for.
   */
  async leave(connectionId: string): Promise<LeftNode[]> {
    const controller = await this.controller(connectionId);
    const { leaveFabric } = await import("./leave-fabric");
    try {
      return await leaveFabric(controller);
    } finally {
      await this.forget(connectionId);
    }
  }

  /** Stops this connection's controller (its state is saved) and forgets it. */
  async forget(connectionId: string): Promise<void> {
    const node = this.running.get(connectionId);
    this.running.delete(connectionId);
    if (node) await node.then((n) => n.close(), () => undefined);
    this.flush(connectionId);
  }

  /** Calls `listener` with the connection's id each time a controller has started (a pairing, a restart). */
  onStarted(listener: (connectionId: string) => void): () => void {
    this.started.add(listener);
    return () => this.started.delete(listener);
  }

  /** Whether this connection's controller is started (or starting) in this process. */
  isRunning(connectionId: string): boolean {
    return this.running.has(connectionId);
  }

  /** The UDP port this connection's controller listens on, once started (diagnostics, tests). */
  async port(connectionId: string): Promise<number | undefined> {
    return ((await this.controller(connectionId)).state.network as { operationalPort?: number }).operationalPort;
  }

  async close(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.forget(id)));
  }

  private flush(connectionId: string): void {
    const save = this.pending.get(connectionId);
    this.pending.delete(connectionId);
    save?.();
  }

  private async start(connectionId: string, stored: string | undefined): Promise<ServerNode> {
    // Imported on first use: matter.js costs seconds of CPU to load, which a process with no Matter lock never pays.
    const { Crypto, Entropy, Environment, FabricId, fromJson, Logger, LogLevel, MemoryStorageDriver, Network, ServerNode, StorageService, toJson } = await import("@matter/main");
    // matter.js logs every exchange at info; staykey wants its failures only, and its own log lines.
    Logger.level = LogLevel.ERROR;
    const data = (stored ? fromJson(stored) : {}) as Snapshot;
    const onChange = (driver: MemoryStorageDriver) => {
      // Many writes come in one burst (a commissioning, a session): saved once, after the burst.
      if (this.pending.has(connectionId)) return;
      const save = () => this.opts.store.save(connectionId, toJson(driver.data as never));
      this.pending.set(connectionId, save);
      setImmediate(() => this.flush(connectionId));
    };
    const env = new Environment(`staykey-matter-${connectionId}`);
    env.set(Crypto, Environment.default.get(Crypto));
    env.set(Entropy, Environment.default.get(Entropy));
    env.set(Network, this.opts.network ? this.opts.network(connectionId) : Environment.default.get(Network));
    const storage = env.get(StorageService);
    storage.registerDriver(sealedDriver(MemoryStorageDriver, data, onChange));
    storage.configuredDriver = SEALED_DRIVER;
    const node = new ServerNode({
      id: "staykey",
      environment: env,
      controller: { adminFabricId: FabricId(1), adminFabricLabel: "staykey" },
      // A controller only: nothing may commission staykey itself.
      commissioning: { enabled: false },
      // Any free port: Matter's standard 5540 fits one node per machine, and each connection's controller is its own node.
      network: { port: 0 },
    } as ConstructorParameters<typeof ServerNode>[0]);
    await node.start();
    return node;
  }
}

/** The paired node an endpoint belongs to: the endpoint whose owner is the controller itself. */
function peerOf(endpoint: Endpoint, controller: ServerNode): ClientNode | undefined {
  let at: Endpoint | undefined = endpoint;
  while (at && at.owner !== (controller as unknown as Endpoint)) at = at.owner;
  return at as ClientNode | undefined;
}

const SEALED_DRIVER = "staykey-sealed";

function sealedDriver(Memory: typeof MemoryStorageDriver, data: Snapshot, onChange: (driver: MemoryStorageDriver) => void) {
  let instance: MemoryStorageDriver | undefined;
  class SealedStorageDriver extends Memory {
    static override readonly id = SEALED_DRIVER;
    static override create(): MemoryStorageDriver {
      if (!instance) {
        instance = new SealedStorageDriver(data as never);
        instance.initialize();
      }
      return instance;
    }
    override set(contexts: string[], keyOrValues: Parameters<MemoryStorageDriver["set"]>[1], value?: Parameters<MemoryStorageDriver["set"]>[2]): void {
      super.set(contexts, keyOrValues, value);
      onChange(this);
    }
    override delete(contexts: string[], key: string): void {
      super.delete(contexts, key);
      onChange(this);
    }
    override clearAll(contexts: string[]): void {
      super.clearAll(contexts);
      onChange(this);
    }
    // The driver outlives a controller's close: the same snapshot is what the next start reads.
    override async close(): Promise<void> {}
  }
  return SealedStorageDriver as unknown as Parameters<StorageService["registerDriver"]>[0];
}
