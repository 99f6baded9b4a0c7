import { describe, expect, it } from "vitest";
import { accessLogCsv } from "./access-log-csv";

describe("accessLogCsv", () => {
  it("writes local and UTC times, quotes commas and quotes, and defuses spreadsheet formulas", () => {
    const csv = accessLogCsv([{
      id: "door_1", occurredAt: new Date("2026-01-10T15:42:00Z"), timezone: "America/New_York", propertyName: 'Cottage "Sea", North', lockName: "=HYPERLINK(1)",
      kind: "unlocked", method: "keypad", actor: "guest", who: "-Maya", stayId: "stay_1", accessCodeId: null,
    }]);
    const [, row] = csv.split("\r\n");
    expect(row).toBe(`2026-01-10 10:42:00,America/New_York,2026-01-10T15:42:00.000Z,"Cottage ""Sea"", North",'=HYPERLINK(1),unlocked,keypad,guest,'-Maya,stay_1,,door_1`);
  });
});
