import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockApi } from "@/test/mock-api";
import { api } from "./client";
import { INITIAL_DATA_ID, initialDataKey, readInitialData, resetInitialData } from "./initial-data";
import { sessionTokens } from "./session-tokens";

function embed(text: string, type = "application/json") {
  const script = document.createElement("script");
  script.id = INITIAL_DATA_ID;
  script.type = type;
  script.textContent = text;
  document.head.append(script);
}

const latest = { items: [{ id: 12, title: "From the HTML" }], next_cursor: null };
const tags = { items: [{ name: "rust", post_count: 3 }] };

describe("initial data embedded in index.html", () => {
  beforeEach(() => {
    sessionTokens.set(null);
    resetInitialData();
  });
  afterEach(() => {
    document.getElementById(INITIAL_DATA_ID)?.remove();
    resetInitialData();
  });

  it("keys a request by path and its parameters sorted by name, as the server does", () => {
    expect(initialDataKey(new URL("http://x/api/v1/posts?sort=latest&limit=20"))).toBe("/api/v1/posts?limit=20&sort=latest");
    expect(initialDataKey(new URL("http://x/api/v1/tags"))).toBe("/api/v1/tags");
    expect(initialDataKey(new URL("http://x/api/v1/posts/12/comments?limit=20"))).toBe("/api/v1/posts/12/comments?limit=20");
    expect(initialDataKey(new URL("http://x/api/v1/search?q=a%20b&limit=20"))).toBe("/api/v1/search?limit=20&q=a+b");
  });

  it("answers the first matching GET from the page, once; the next one goes to the server", async () => {
    embed(JSON.stringify({ responses: { "/api/v1/posts?limit=20&sort=latest": latest, "/api/v1/tags": tags } }));
    const { seen } = mockApi({ "GET /posts": () => ({ items: [], next_cursor: null }), "GET /tags": () => ({ items: [] }) });

    const first = await api.GET("/api/v1/posts", { params: { query: { sort: "latest", limit: 20 } } });
    expect(first.data).toEqual(latest);
    expect(seen).toHaveLength(0);
    expect(document.getElementById(INITIAL_DATA_ID)).toBeNull(); // read once, then gone

    const again = await api.GET("/api/v1/posts", { params: { query: { sort: "latest", limit: 20 } } });
    expect(again.data).toEqual({ items: [], next_cursor: null });
    expect(seen).toHaveLength(1);

    expect((await api.GET("/api/v1/tags")).data).toEqual(tags);
    expect(seen).toHaveLength(1);
  });

  it("a request the page did not embed (another sort, a cursor) goes to the server", async () => {
    embed(JSON.stringify({ responses: { "/api/v1/posts?limit=20&sort=latest": latest } }));
    const { seen } = mockApi({ "GET /posts": () => ({ items: [], next_cursor: null }) });
    await api.GET("/api/v1/posts", { params: { query: { sort: "hot", limit: 20 } } });
    await api.GET("/api/v1/posts", { params: { query: { sort: "latest", limit: 20, cursor: "abc" } } });
    expect(seen.map((r) => new URL(r.url).search)).toEqual(["?sort=hot&limit=20", "?sort=latest&limit=20&cursor=abc"]);
  });

  it("is dropped when someone is signed in: their liked/collected/followed flags differ", async () => {
    embed(JSON.stringify({ responses: { "/api/v1/posts?limit=20&sort=latest": latest } }));
    sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
    const mine = { items: [{ id: 12, title: "From the HTML", liked: true }], next_cursor: null };
    const { seen } = mockApi({ "GET /posts": () => mine });
    expect((await api.GET("/api/v1/posts", { params: { query: { sort: "latest", limit: 20 } } })).data).toEqual(mine);
    expect(seen).toHaveLength(1);
    // Signing out later does not bring the anonymous answers back.
    sessionTokens.set(null);
    await api.GET("/api/v1/posts", { params: { query: { sort: "latest", limit: 20 } } });
    expect(seen).toHaveLength(2);
  });

  it("never answers anything but GET", async () => {
    embed(JSON.stringify({ responses: { "/api/v1/auth/login": { access_token: "x" } } }));
    const { seen } = mockApi({ "POST /auth/login": () => ({ access_token: "real" }) });
    const result = await api.POST("/api/v1/auth/login", { body: { login: "a", password: "b" } });
    expect(result.data).toEqual({ access_token: "real" });
    expect(seen).toHaveLength(1);
  });

  it("is parsed as JSON, never run: malformed or mistyped scripts count as nothing embedded", () => {
    embed("{not json");
    expect(readInitialData(document).size).toBe(0);
    embed(JSON.stringify({ responses: { "/api/v1/tags": tags } }), "text/plain");
    expect(readInitialData(document).size).toBe(0);
    embed(JSON.stringify({ responses: [1, 2] }));
    expect(readInitialData(document).size).toBe(0);
    embed(JSON.stringify({ responses: { "/api/v1/tags": tags } }));
    expect([...readInitialData(document).keys()]).toEqual(["/api/v1/tags"]);
  });
});
