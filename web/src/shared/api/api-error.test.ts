import { describe, expect, it } from "vitest";
import { ApiError, parseApiError, toApiError } from "./api-error";

describe("parseApiError", () => {
  it("reads code, message and field messages from the error body", () => {
    const error = parseApiError(422, {
      error: {
        code: "validation_failed",
        message: "some fields are invalid",
        fields: { title: ["is required"], tags: ["too many"] },
      },
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(422);
    expect(error.code).toBe("validation_failed");
    expect(error.message).toBe("Some fields need a look.");
    expect(error.serverMessage).toBe("some fields are invalid");
    expect(error.field("title")).toEqual(["This field is required."]);
    expect(error.field("tags")).toEqual(["Too many."]);
    expect(error.field("content")).toEqual([]);
  });

  it("works without fields and with a single string per field", () => {
    expect(parseApiError(403, { error: { code: "comments_closed", message: "closed" } }).fields).toEqual({});
    expect(parseApiError(409, { error: { code: "taken", message: "m", fields: { name: "taken" } } }).field("name")).toEqual([
      "Taken.",
    ]);
  });

  it("falls back to a status message for bodies that are not the error shape", () => {
    const html = parseApiError(502, "<html>Bad gateway</html>");
    expect(html.code).toBe("internal_error");
    expect(html.message).toMatch(/not reachable/);
    const empty = parseApiError(404, undefined);
    expect(empty.code).toBe("not_found");
    const odd = parseApiError(418, { error: "nope" });
    expect(odd.message).toBe("Request failed (HTTP 418).");
  });

  it("ignores non-string messages inside fields", () => {
    const error = parseApiError(422, { error: { code: "x", message: "y", fields: { a: ["ok", 3, null] } } });
    expect(error.field("a")).toEqual(["Ok."]);
  });
});

describe("the app's own wording", () => {
  it("replaces the server's message per code, capitalised", () => {
    const error = parseApiError(403, { error: { code: "email_unconfirmed", message: "confirm your email address first" } });
    expect(error.message).toBe("Please confirm your email address first: follow the link we emailed you.");
    const conflict = parseApiError(409, {
      error: { code: "name_taken", message: "this name is taken", fields: { name: ["this name is taken"] } },
    });
    expect(conflict.field("name")).toEqual(["That username is taken. Please choose another."]);
  });

  it("words the validation codes for control characters, markdown limits and NUL characters", () => {
    const error = parseApiError(422, {
      error: {
        code: "validation_failed",
        message: "some fields are invalid",
        fields: {
          title: ["must not contain control characters or line breaks"],
          content: ["is invalid (markdown_limits)"],
          bio: ["must not contain control characters other than line breaks and tabs"],
        },
      },
    });
    expect(error.field("title")[0]).toMatch(/^Use one line/);
    expect(error.field("content")[0]).toMatch(/^This Markdown is nested too deeply/);
    expect(error.field("bio")[0]).toMatch(/^Remove the invisible control characters/);
    const nul = parseApiError(400, { error: { code: "invalid_characters", message: "the body holds a NUL character" } });
    expect(nul.message).toMatch(/^The text contains a character that cannot be saved/);
  });

  it("an unknown code shows the server's message as a sentence; a 500 never does", () => {
    expect(parseApiError(409, { error: { code: "brand_new", message: "something new happened" } }).message).toBe(
      "Something new happened.",
    );
    expect(parseApiError(500, { error: { code: "internal_error", message: "db exploded" } }).message).toMatch(/on our side/);
  });
});

describe("parseApiError: moderation", () => {
  it("403 banned: says until when and why, in the app's words; the fields stay as sent", () => {
    const error = parseApiError(403, {
      error: {
        code: "banned",
        message: "your account is banned until 2026-12-05T10:00:00Z: spam links",
        fields: { until: ["2026-12-05T10:00:00Z"], reason: ["spam links"] },
      },
    });
    expect(error.code).toBe("banned");
    expect(error.message).toMatch(/^Your account is banned until Dec 5, 2026, .+: spam links$/);
    // Data, not form fields: a form lists no "until" under its message.
    expect(error.fields).toEqual({});
    expect(error.detail("until")).toBe("2026-12-05T10:00:00Z");
    expect(error.detail("reason")).toBe("spam links");
    const forGood = parseApiError(403, { error: { code: "banned", message: "banned", fields: { reason: ["abuse"] } } });
    expect(forGood.message).toBe("Your account is banned for good: abuse");
  });

  it("410 removed keeps the moderator's reason as written", () => {
    const error = parseApiError(410, {
      error: { code: "removed", message: "removed by a moderator: off topic", fields: { reason: ["off topic"] } },
    });
    expect(error.message).toBe("This was removed by a moderator.");
    expect(error.detail("reason")).toBe("off topic");
    expect(error.fields).toEqual({});
  });

  it("comments closed by a moderator's lock name the reason; the author's own switch does not", () => {
    const locked = parseApiError(403, {
      error: { code: "comments_closed", message: "a moderator locked this post's comments: flame war" },
    });
    expect(locked.message).toBe("A moderator locked this post's comments: flame war.");
    const off = parseApiError(403, { error: { code: "comments_closed", message: "the author has turned comments off" } });
    expect(off.message).toBe("The author has turned comments off for this post.");
  });

  it("409 already_reported reads as the app's sentence", () => {
    const error = parseApiError(409, {
      error: {
        code: "already_reported",
        message: "you reported this already; a moderator will look at it",
        fields: { target_id: ["you reported this already; a moderator will look at it"] },
      },
    });
    expect(error.message).toBe("You already reported this. A moderator will look at it.");
    expect(error.field("target_id")).toEqual(["You already reported this. A moderator will look at it."]);
  });
});

describe("toApiError", () => {
  it("keeps ApiErrors and turns a failed fetch into a network error", () => {
    const original = new ApiError(401, "token_expired", "expired");
    expect(toApiError(original)).toBe(original);
    const network = toApiError(new TypeError("Failed to fetch"));
    expect(network.code).toBe("network_error");
    expect(network.status).toBe(0);
  });
});
