import { screen, within } from "@testing-library/react";
import { Route, Routes } from "react-router";
import { beforeEach, describe, expect, it } from "vitest";
import { meKey } from "@/entities/session";
import { sessionTokens } from "@/shared/api";
import { makeMe, makeModlogEntry, makePost, makeProfile, page } from "@/test/fixtures";
import { apiError, mockApi } from "@/test/mock-api";
import { renderWithProviders, testQueryClient } from "@/test/render";
import { ProfilePage } from "./profile.page";

function renderProfile(path: string, { signedInAs }: { signedInAs?: ReturnType<typeof makeMe> } = {}) {
  const queryClient = testQueryClient();
  if (signedInAs) {
    sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
    queryClient.setQueryData(meKey, signedInAs);
  }
  return renderWithProviders(
    <Routes>
      <Route path="/users/:name" element={<ProfilePage />} />
      <Route path="/users/:name/:tab" element={<ProfilePage />} />
    </Routes>,
    { path, queryClient },
  );
}

const tabNames = () => screen.getAllByRole("link").map((link) => link.textContent);

describe("ProfilePage: bookmarks are private unless shown", () => {
  beforeEach(() => sessionTokens.set(null));

  it("others see no Bookmarks tab while they are private, and the list is never asked for", async () => {
    const { seen } = mockApi({
      "GET /users/{key}": () => makeProfile({ collects_public: false }),
      "GET /users/{key}/collects": () => apiError(403, "collects_private", "private"),
      "GET /users/{key}/posts": () => page([]),
    });
    renderProfile("/users/bob/collects");
    expect(await screen.findByText("Bob keeps their bookmarks private.")).toBeInTheDocument();
    expect(tabNames()).not.toContain("Bookmarks");
    expect(tabNames()).toEqual(expect.arrayContaining(["Posts", "Likes", "Followers", "Following"]));
    expect(seen.some((r) => r.url.includes("/collects"))).toBe(false);
  });

  it("others see the tab and the posts when the owner shows them", async () => {
    mockApi({
      "GET /users/{key}": () => makeProfile({ collects_public: true }),
      "GET /users/{key}/collects": () => page([makePost(3, { title: "Saved by Bob" })]),
    });
    renderProfile("/users/bob/collects", { signedInAs: makeMe() });
    expect(await screen.findByText("Saved by Bob")).toBeInTheDocument();
    expect(tabNames()).toContain("Bookmarks");
    expect(screen.queryByText(/Only you can see your bookmarks/)).toBeNull();
  });

  it("the owner sees their private bookmarks with a note that only they can", async () => {
    mockApi({
      "GET /users/{key}": () => makeProfile({ id: 5, name: "ann", nickname: "Ann", collects_public: false }),
      "GET /users/{key}/collects": () => page([makePost(4, { title: "Saved by Ann" })]),
    });
    renderProfile("/users/ann/collects", { signedInAs: makeMe({ id: 5 }) });
    expect(await screen.findByText("Saved by Ann")).toBeInTheDocument();
    expect(screen.getByText(/Only you can see your bookmarks\./)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Show them on your profile" })).toHaveAttribute("href", "/settings#privacy");
    expect(tabNames()).toContain("Bookmarks");
  });
});

describe("ProfilePage: report and moderation", () => {
  beforeEach(() => sessionTokens.set(null));

  const banRow = (overrides: Partial<ReturnType<typeof makeModlogEntry>> = {}) =>
    makeModlogEntry(4, {
      action: "ban",
      target: { kind: "user", id: 6, post_id: null, title: null },
      reason: "Spam accounts",
      created_at: "2026-11-26T10:00:00Z",
      expires_at: null,
      ...overrides,
    });

  it("people signed in can report someone else; nobody their own profile", async () => {
    mockApi({ "GET /users/{key}": () => makeProfile(), "GET /users/{key}/posts": () => page([]) });
    renderProfile("/users/bob", { signedInAs: makeMe() });
    expect(await screen.findByRole("button", { name: "Report Bob" })).toBeInTheDocument();
    expect(screen.queryByRole("group", { name: "Moderation" })).toBeNull();
  });

  it("a moderator sees Ban while they are not banned (the log says so)", async () => {
    const { seen } = mockApi({
      "GET /users/{key}": () => makeProfile(),
      "GET /users/{key}/posts": () => page([]),
      "GET /modlog": () => ({ items: [], next_cursor: null }),
    });
    renderProfile("/users/bob", { signedInAs: makeMe({ role: "moderator" }) });
    const tools = await screen.findByRole("group", { name: "Moderation" });
    expect(await within(tools).findByRole("button", { name: "Ban Bob" })).toBeInTheDocument();
    expect(within(tools).queryByRole("button", { name: "Unban Bob" })).toBeNull();
    const asked = seen.filter((request) => request.url.includes("/modlog")).map((request) => new URL(request.url).searchParams);
    expect(asked.map((query) => [query.get("action"), query.get("target_user")])).toEqual([
      ["ban", "6"],
      ["unban", "6"],
    ]);
  });

  it("while they are banned: the ban's end and reason, and Unban", async () => {
    mockApi({
      "GET /users/{key}": () => makeProfile(),
      "GET /users/{key}/posts": () => page([]),
      "GET /modlog": (request) =>
        new URL(request.url).searchParams.get("action") === "ban"
          ? { items: [banRow()], next_cursor: null }
          : { items: [banRow({ action: "unban", created_at: "2026-11-20T10:00:00Z" })], next_cursor: null },
    });
    renderProfile("/users/bob", { signedInAs: makeMe({ role: "admin" }) });
    expect(await screen.findByText(/Bob is banned for good/)).toHaveTextContent("Bob is banned for good: Spam accounts");
    expect(screen.getByRole("button", { name: "Unban Bob" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Ban Bob" })).toBeNull();
  });
});
