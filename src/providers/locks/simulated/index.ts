export {
  SimulatedLockProvider,
  batteryStatusFor,
  createSimulatedLockStore,
  type SimulatedDeviceSpec,
  type SimulatedLockStore,
} from "./simulated-lock-provider";
