/** A stay whose version moved in this sync: the access-code planner gets one job per (stay, version). */
export interface TouchedStay {
  id: string;
  version: number;
}
