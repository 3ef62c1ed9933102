import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { sessionTokens } from "@/shared/api";
import { seriousAxeViolations } from "@/test/axe";
import { makeModlogEntry, makeUserSummary } from "@/test/fixtures";
import { mockApi } from "@/test/mock-api";
import { renderInDataRouter } from "@/test/render";
import { ModlogPage } from "./modlog.page";

const removal = makeModlogEntry(9, { created_at: new Date(Date.now() - 3 * 3600_000).toISOString() });
const ban = makeModlogEntry(8, {
  action: "ban",
  target: { kind: "user", id: 6, post_id: null, title: null },
  reason: "Spam accounts",
  expires_at: "2026-12-05T10:00:00Z",
});
const hidden = makeModlogEntry(7, {
  action: "remove",
  moderator: null,
  target: { kind: "comment", id: 34, post_id: 12, title: "Rust in production" },
  target_user: makeUserSummary(7, "dave"),
  reason: "Insults",
});
const forGood = makeModlogEntry(6, {
  action: "ban",
  target: { kind: "user", id: 6, post_id: null, title: null },
  expires_at: null,
});

const queryOf = (request: Request) => Object.fromEntries(new URL(request.url).searchParams);

function setup(path = "/modlog") {
  sessionTokens.set(null);
  const api = mockApi({
    "GET /modlog": (request) =>
      queryOf(request).cursor === "c2"
        ? { items: [forGood], next_cursor: null }
        : { items: [removal, ban, hidden], next_cursor: "c2" },
  });
  const view = renderInDataRouter(<ModlogPage />, { path: "/modlog" });
  if (path !== "/modlog") void view.router.navigate(path);
  return { ...api, ...view };
}

const modlogRequests = (seen: Request[]) => seen.filter((request) => new URL(request.url).pathname === "/api/v1/modlog");

describe("ModlogPage (/modlog, public)", () => {
  beforeEach(() => sessionTokens.set(null));

  it("lists who did what to which target, why and when; a hidden moderator reads “A moderator”", async () => {
    const { container } = setup();
    const list = await screen.findByRole("list", { name: "Moderation actions, newest first" });
    const [first, second, third] = within(list).getAllByRole("listitem");
    expect(first).toHaveTextContent("mod removed the post “Rust in production” by bob");
    expect(first).toHaveTextContent("Reason: spam");
    expect(first).toHaveTextContent("3 hours ago");
    expect(within(first!).getByRole("link", { name: "mod" })).toHaveAttribute("href", "/users/mod");
    expect(within(first!).getByRole("link", { name: "“Rust in production”" })).toHaveAttribute("href", "/posts/12");
    expect(second).toHaveTextContent(/mod banned bob until Dec 5, 2026/);
    expect(second).toHaveTextContent("Reason: Spam accounts");
    expect(within(second!).getByRole("link", { name: "bob" })).toHaveAttribute("href", "/users/bob");
    expect(third).toHaveTextContent("A moderator removed a comment on “Rust in production” by dave");
    expect(within(third!).getByRole("link", { name: "a comment on “Rust in production”" })).toHaveAttribute(
      "href",
      "/posts/12#comment-34",
    );
    expect(await seriousAxeViolations(container)).toEqual([]);

    fireEvent.click(screen.getByRole("button", { name: "Load more actions" }));
    await waitFor(() => expect(within(list).getAllByRole("listitem")).toHaveLength(4));
    expect(within(list).getAllByRole("listitem")[3]).toHaveTextContent("mod banned bob for good");
    expect(screen.queryByRole("button", { name: "Load more actions" })).toBeNull();
  });

  it("filters by action, moderator and the person concerned (in the address too); Clear shows all again", async () => {
    const { seen, router } = setup();
    await screen.findByRole("list", { name: "Moderation actions, newest first" });
    fireEvent.change(screen.getByLabelText("Action"), { target: { value: "ban" } });
    fireEvent.change(screen.getByLabelText("Moderator"), { target: { value: "@mod" } });
    fireEvent.change(screen.getByLabelText("Concerning"), { target: { value: " bob " } });
    fireEvent.click(screen.getByRole("button", { name: "Filter" }));
    await waitFor(() =>
      expect(queryOf(modlogRequests(seen).at(-1)!)).toMatchObject({ action: "ban", moderator: "mod", target_user: "bob" }),
    );
    expect(router.state.location.search).toBe("?action=ban&moderator=mod&target_user=bob");
    fireEvent.click(screen.getByRole("button", { name: "Clear" }));
    await waitFor(() => expect(router.state.location.search).toBe(""));
    expect(screen.getByLabelText("Action")).toHaveValue("");
    expect(screen.getByLabelText("Moderator")).toHaveValue("");
  });

  it("opens with the filter in the address", async () => {
    const { seen } = setup("/modlog?action=remove&target_user=dave");
    await waitFor(() => expect(queryOf(modlogRequests(seen).at(-1)!)).toMatchObject({ action: "remove", target_user: "dave" }));
    expect(await screen.findByLabelText("Action")).toHaveValue("remove");
    expect(screen.getByLabelText("Concerning")).toHaveValue("dave");
  });
});
