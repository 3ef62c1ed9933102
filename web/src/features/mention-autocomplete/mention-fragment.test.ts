import { describe, expect, it } from "vitest";
import { insertMention, mentionFragment } from "./mention-fragment";

/** The fragment at the `|` in `marked`. */
function at(marked: string) {
  const caret = marked.indexOf("|");
  return mentionFragment(marked.replace("|", ""), caret);
}

describe("mentionFragment", () => {
  it("finds @ and 1–20 name characters (letters, digits, _ - .) at the start or after whitespace", () => {
    expect(at("@a|")).toEqual({ start: 0, end: 2, prefix: "a" });
    expect(at("Thanks @al|")).toEqual({ start: 7, end: 10, prefix: "al" });
    expect(at("line one\n@bob_2.x-y|")).toMatchObject({ prefix: "bob_2.x-y" });
    expect(at("cc @Zoë|")).toMatchObject({ prefix: "Zoë" });
    expect(at("cc @小明|")).toMatchObject({ prefix: "小明" });
  });

  it("is none for an @ alone, inside a word (an address), after punctuation, or past 20 characters", () => {
    expect(at("@|")).toBeNull();
    expect(at("mail me at ann@exa|")).toBeNull();
    expect(at("(@al|")).toBeNull();
    expect(at("@al bob|")).toBeNull();
    expect(at(`@${"a".repeat(20)}|`)).toMatchObject({ prefix: "a".repeat(20) });
    expect(at(`@${"a".repeat(21)}|`)).toBeNull();
  });

  it("covers the rest of the name after the caret, and only looks back a little in a long text", () => {
    expect(at("hi @al|ice, and")).toEqual({ start: 3, end: 9, prefix: "al" });
    const long = "x".repeat(10_000) + " @bo|";
    expect(at(long)).toMatchObject({ prefix: "bo", start: 10_001 });
    // The window's first character is the @: the one before it decides.
    const edge = "y".repeat(500) + "@" + "b".repeat(20);
    expect(mentionFragment(edge, edge.length)).toBeNull();
  });
});

describe("insertMention", () => {
  it("replaces the fragment with `@name `, caret after the space, without doubling a space", () => {
    const text = "Thanks @al and more";
    expect(insertMention(text, mentionFragment(text, 10)!, "alice")).toEqual({
      text: "Thanks @alice and more",
      caret: "Thanks @alice ".length,
    });
    expect(insertMention("@bo", { start: 0, end: 3, prefix: "bo" }, "bob")).toEqual({ text: "@bob ", caret: 5 });
    const middle = "hi @al|ice!".replace("|", "");
    expect(insertMention(middle, mentionFragment(middle, 6)!, "alison").text).toBe("hi @alison !");
  });
});
