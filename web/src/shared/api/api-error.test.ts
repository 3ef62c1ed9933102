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
    expect(error.message).toBe("some fields are invalid");
    expect(error.field("title")).toEqual(["is required"]);
    expect(error.field("tags")).toEqual(["too many"]);
    expect(error.field("content")).toEqual([]);
  });

  it("works without fields and with a single string per field", () => {
    expect(parseApiError(403, { error: { code: "comments_closed", message: "closed" } }).fields).toEqual({});
    expect(parseApiError(409, { error: { code: "taken", message: "m", fields: { name: "taken" } } }).field("name")).toEqual([
      "taken",
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
    expect(error.field("a")).toEqual(["ok"]);
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
