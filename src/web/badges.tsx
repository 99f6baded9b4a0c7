import type { CodeState } from "../domain/access/code-states";

const CODE_TONE: Record<CodeState, string> = {
  planned: "s-idle",
  programming: "s-warn",
  active: "s-ok",
  revoking: "s-warn",
  revoked: "s-idle",
  failed: "s-bad",
  cancelled: "s-idle",
};

const MESSAGE_TONE: Record<string, string> = {
  queued: "s-idle",
  sending: "s-warn",
  sent: "s-ok",
  delivered: "s-ok",
  failed: "s-bad",
  undelivered: "s-bad",
};

export function CodeBadge(props: { state: CodeState | null | undefined }) {
  if (!props.state) return <span class="badge s-idle">no code yet</span>;
  return <span class={`badge ${CODE_TONE[props.state]}`}>code {props.state}</span>;
}

export function MessageBadge(props: { status: string | null | undefined }) {
  if (!props.status) return <span class="badge s-idle">no message yet</span>;
  return <span class={`badge ${MESSAGE_TONE[props.status] ?? "s-idle"}`}>message {props.status}</span>;
}

export function LockHealth(props: { online: boolean | null; batteryLevel: number | null; batteryStatus: string | null }) {
  const online = props.online === null ? <span class="badge s-idle">status unknown</span> : props.online ? <span class="badge s-ok">online</span> : <span class="badge s-bad">offline</span>;
  const level = props.batteryLevel;
  const tone = level === null ? "s-idle" : level <= 10 ? "s-bad" : level <= 25 ? "s-warn" : "s-ok";
  const battery = <span class={`badge ${tone}`}>battery {level === null ? props.batteryStatus ?? "unknown" : `${level}%`}</span>;
  return (
    <>
      {online} {battery}
    </>
  );
}

export function SeverityBadge(props: { severity: string }) {
  const tone = props.severity === "critical" ? "s-bad" : props.severity === "warning" ? "s-warn" : "s-idle";
  return <span class={`badge ${tone}`}>{props.severity}</span>;
}
