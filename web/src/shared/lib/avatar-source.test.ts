import { describe, expect, it } from "vitest";
import { avatarFieldsOf, avatarSource } from "./avatar-source";

describe("avatarSource", () => {
  const both = { avatar: "/media/avatars/1/a-256.jpg", avatar_small: "/media/avatars/1/a-64.jpg" };

  it("takes the 64 px file for rows, cards and the header, the 256 px one for larger sizes", () => {
    expect(avatarSource(both, 24)).toBe(both.avatar_small);
    expect(avatarSource(both, 40)).toBe(both.avatar_small);
    expect(avatarSource(both, 72)).toBe(both.avatar);
  });

  it("falls back to the other size when one is empty", () => {
    expect(avatarSource({ avatar: both.avatar, avatar_small: "" }, 24)).toBe(both.avatar);
    expect(avatarSource({ avatar: "", avatar_small: both.avatar_small }, 96)).toBe(both.avatar_small);
  });

  it("gives null (initials) for no picture or one on another origin", () => {
    expect(avatarSource({ avatar: "", avatar_small: "" }, 24)).toBeNull();
    expect(avatarSource({ avatar: "https://avatars.example.com/u/1", avatar_small: "" }, 72)).toBeNull();
    expect(avatarSource({ avatar: "", avatar_small: "https://avatars.example.com/u/1?s=64" }, 24)).toBeNull();
  });

  it("copies only the two avatar fields into cached users", () => {
    const user = { ...both, id: 1, name: "ann" };
    expect(avatarFieldsOf(user)).toEqual(both);
    expect(avatarFieldsOf({ avatar: "", avatar_small: "" })).toEqual({ avatar: "", avatar_small: "" });
  });
});
