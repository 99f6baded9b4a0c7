export {
  SimulatedLockProvider,
  createSimulatedLockStore,
  type SimulatedDeviceSpec,
  type SimulatedLockStore,
} from "./simulated-lock-provider";
