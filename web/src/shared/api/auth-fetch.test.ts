import { beforeEach, describe, expect, it } from "vitest";
import { apiError, json, mockApi } from "@/test/mock-api";
import { api } from "./client";
import { sessionTokens } from "./session-tokens";

const me = { id: 1, name: "ann" };

describe("authFetch", () => {
  beforeEach(() => {
    sessionTokens.set({ accessToken: "old-access", refreshToken: "old-refresh", expiresAt: 0 });
  });

  it("refreshes once for parallel requests that hit token_expired, then retries them", async () => {
    let refreshes = 0;
    const { seen } = mockApi({
      "GET /me": (request) =>
        request.headers.get("Authorization") === "Bearer new-access" ? me : apiError(401, "token_expired", "expired"),
      "POST /auth/refresh": async (request) => {
        refreshes += 1;
        expect(await request.json()).toEqual({ refresh_token: "old-refresh" });
        await new Promise((resolve) => setTimeout(resolve, 10));
        return json({
          user: me,
          access_token: "new-access",
          refresh_token: "new-refresh",
          token_type: "Bearer",
          expires_in: 900,
        });
      },
    });
    const results = await Promise.all([api.GET("/api/v1/me"), api.GET("/api/v1/me"), api.GET("/api/v1/me")]);
    expect(results.map((r) => r.data)).toEqual([me, me, me]);
    expect(refreshes).toBe(1);
    expect(sessionTokens.get()).toMatchObject({ accessToken: "new-access", refreshToken: "new-refresh" });
    expect(seen.filter((r) => r.url.endsWith("/me"))).toHaveLength(6);
  });

  it("signs out when the refresh token is refused", async () => {
    mockApi({
      "GET /me": () => apiError(401, "token_expired", "expired"),
      "POST /auth/refresh": () => apiError(401, "invalid_refresh_token", "no"),
    });
    const result = await api.GET("/api/v1/me");
    expect(result.response.status).toBe(401);
    expect(sessionTokens.get()).toBeNull();
  });

  it("ends the session without a refresh when the server says it was signed out (session_revoked)", async () => {
    let refreshes = 0;
    mockApi({
      "GET /me": () => apiError(401, "session_revoked", "this session was signed out; sign in again"),
      "POST /auth/refresh": () => {
        refreshes += 1;
        return {};
      },
    });
    const result = await api.GET("/api/v1/me");
    expect(result.response.status).toBe(401);
    expect(refreshes).toBe(0);
    expect(sessionTokens.get()).toBeNull();
  });

  it("does not refresh on other 401s", async () => {
    let refreshes = 0;
    mockApi({
      "POST /auth/login": () => apiError(401, "invalid_credentials", "wrong"),
      "POST /auth/refresh": () => {
        refreshes += 1;
        return {};
      },
    });
    const result = await api.POST("/api/v1/auth/login", { body: { login: "a", password: "b" } });
    expect(result.response.status).toBe(401);
    expect(refreshes).toBe(0);
    expect(sessionTokens.get()).not.toBeNull();
  });

  it("replays the request body on the retry", async () => {
    const bodies: unknown[] = [];
    mockApi({
      "POST /posts": async (request) => {
        bodies.push(await request.json());
        return request.headers.get("Authorization") === "Bearer new-access"
          ? json({ id: 9 }, 201)
          : apiError(401, "token_expired", "expired");
      },
      "POST /auth/refresh": () =>
        json({ user: me, access_token: "new-access", refresh_token: "new-refresh", token_type: "Bearer", expires_in: 900 }),
    });
    const body = { title: "t", content: "c", tags: ["x"] };
    const result = await api.POST("/api/v1/posts", { body });
    expect(result.response.status).toBe(201);
    expect(bodies).toEqual([body, body]);
  });
});
