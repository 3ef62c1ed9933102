import { describe, expect, it } from "vitest";
import { avatarFieldsOf, avatarSource } from "./avatar-source";

describe("avatarSource", () => {
  const both = { avatar: "/media/avatars/1/a-256.jpg", avatar_small: "/media/avatars/1/a-64.jpg" };

  it("takes the 64 px file for rows, cards and the header, the 256 px one for larger sizes", () => {
    expect(avatarSource(both, 24)).toBe(both.avatar_small);
    expect(avatarSource(both, 40)).toBe(both.avatar_small);
    expect(avatarSource(both, 72)).toBe(both.avatar);
  });

  it("falls back to `avatar` when `avatar_small` is absent or empty (a server without it)", () => {
    expect(avatarSource({ avatar: both.avatar }, 24)).toBe(both.avatar);
    expect(avatarSource({ avatar: both.avatar, avatar_small: "" }, 24)).toBe(both.avatar);
    expect(avatarSource({ avatar: "", avatar_small: both.avatar_small }, 96)).toBe(both.avatar_small);
  });

  it("gives null (initials) for no picture or one on another origin", () => {
    expect(avatarSource({ avatar: "", avatar_small: "" }, 24)).toBeNull();
    expect(avatarSource({}, 24)).toBeNull();
    expect(avatarSource({ avatar: "https://avatars.example.com/u/1" }, 72)).toBeNull();
  });

  it("copies `avatar_small` into cached users only when the server sent it", () => {
    expect(avatarFieldsOf({ avatar: "/a.png" })).toEqual({ avatar: "/a.png" });
    expect(avatarFieldsOf(both)).toEqual(both);
  });
});
