import { describe, expect, it } from "vitest";
import { monthYear, sentence } from "./format";

describe("format", () => {
  it("a join date carries its year", () => {
    expect(monthYear("2024-11-30T10:00:00Z")).toBe("November 2024");
    expect(monthYear("not a date")).toBe("");
  });

  it("a server phrase becomes a sentence", () => {
    expect(sentence("must not be blank")).toBe("Must not be blank.");
    expect(sentence("Done!")).toBe("Done!");
  });
});
