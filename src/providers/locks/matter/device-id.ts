/** A lock's device id on its Matter connection: the peer (node) and the endpoint carrying its Door Lock cluster. */
export function matterDeviceId(peer: string, endpoint: number): string {
  return `${peer}/${endpoint}`;
}

export function parseMatterDeviceId(deviceId: string): { peer: string; endpoint: number } | undefined {
  const m = /^([A-Za-z0-9_.-]{1,64})\/(\d{1,5})$/.exec(deviceId.trim());
  return m ? { peer: m[1]!, endpoint: Number(m[2]) } : undefined;
}
