import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { useLocation } from "react-router";
import { beforeEach, describe, expect, it } from "vitest";
import { meKey } from "@/entities/session";
import { sessionTokens, type Me, type Report } from "@/shared/api";
import { Toasts } from "@/shared/ui";
import { seriousAxeViolations } from "@/test/axe";
import { makeMe, makeModlogEntry, makeReport, makeUserSummary } from "@/test/fixtures";
import { mockApi, type Handler } from "@/test/mock-api";
import { renderInDataRouter, testQueryClient } from "@/test/render";
import { ModerationPage } from "./moderation.page";

function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname + location.search}</p>;
}

function setup(routes: Record<string, Handler>, { me = makeMe({ role: "moderator" }) } = {}) {
  const queryClient = testQueryClient();
  sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
  queryClient.setQueryData(meKey, me as Me);
  const api = mockApi(routes);
  const view = renderInDataRouter(
    <>
      <ModerationPage />
      <Toasts />
    </>,
    { path: "/moderation", queryClient, routes: [{ path: "/signin", element: <Where /> }] },
  );
  return { ...api, ...view, queryClient };
}

const commentReport = makeReport(2, {
  kind: "harassment",
  reason: "",
  target: {
    kind: "comment",
    id: 34,
    post_id: 12,
    title: "Rust in production",
    excerpt: "You are an idiot",
    author: makeUserSummary(7, "dave"),
    removed: false,
    exists: true,
  },
  open_reports: 3,
});
const userReport = makeReport(3, {
  kind: "other",
  reason: "Impersonates a famous person",
  target: {
    kind: "user",
    id: 9,
    post_id: null,
    title: null,
    excerpt: "The real Linus",
    author: makeUserSummary(9, "notlinus"),
    removed: false,
    exists: true,
  },
});

const queryOf = (request: Request) => Object.fromEntries(new URL(request.url).searchParams);
const reportsRequests = (seen: Request[]) => seen.filter((request) => new URL(request.url).pathname === "/api/v1/mod/reports");

describe("ModerationPage (/moderation)", () => {
  beforeEach(() => sessionTokens.set(null));

  it("lists open reports with their target in context, and loads more from the cursor", async () => {
    const { seen, container } = setup({
      "GET /mod/reports": (request) =>
        queryOf(request).cursor === "c2"
          ? { items: [userReport], next_cursor: null }
          : { items: [makeReport(1), commentReport], next_cursor: "c2" },
    });
    const list = await screen.findByRole("list", { name: "Open reports, newest first" });
    const [post, comment] = within(list).getAllByRole("listitem");
    expect(post).toHaveTextContent("Spam");
    expect(post).toHaveTextContent("by carol");
    expect(post).toHaveTextContent("Buy cheap watches links");
    expect(within(post!).getByRole("link", { name: "Open the post" })).toHaveAttribute("href", "/posts/12");
    expect(within(post!).getByRole("link", { name: "bob" })).toHaveAttribute("href", "/users/bob");
    expect(within(post!).getByRole("button", { name: "Remove post" })).toBeInTheDocument();
    expect(within(post!).getByRole("button", { name: "Dismiss" })).toBeInTheDocument();
    expect(comment).toHaveTextContent("3 open reports");
    expect(comment).toHaveTextContent("You are an idiot");
    expect(within(comment!).getByRole("link", { name: "See it in its thread" })).toHaveAttribute("href", "/posts/12#comment-34");
    expect(within(comment!).getByRole("button", { name: "Remove the comment by dave" })).toBeInTheDocument();
    expect(queryOf(reportsRequests(seen)[0]!)).toMatchObject({ status: "open", sort: "newest" });
    expect(await seriousAxeViolations(container)).toEqual([]);

    fireEvent.click(screen.getByRole("button", { name: "Load more reports" }));
    const user = (await screen.findByText("Impersonates a famous person")).closest("li")!;
    expect(within(user).getByRole("link", { name: "Open the profile" })).toHaveAttribute("href", "/users/notlinus");
    expect(within(user).getByRole("button", { name: "Ban notlinus" })).toBeInTheDocument();
    expect(reportsRequests(seen).map((request) => queryOf(request).cursor ?? null)).toEqual([null, "c2"]);
    expect(screen.queryByRole("button", { name: "Load more reports" })).toBeNull();
  });

  it("Remove asks for a reason, removes the post, and the queue is asked again (the report is gone)", async () => {
    let open: Report[] = [makeReport(1), commentReport];
    const bodies: unknown[] = [];
    const { seen } = setup({
      "GET /mod/reports": () => ({ items: open, next_cursor: null }),
      "POST /mod/posts/{id}/remove": async (request, params) => {
        bodies.push({ id: params.id, ...((await request.json()) as object) });
        open = open.filter((report) => report.target.kind !== "post");
        return makeModlogEntry(1);
      },
    });
    const card = (await screen.findByText("Buy cheap watches links")).closest("li")!;
    fireEvent.click(within(card).getByRole("button", { name: "Remove post" }));
    const dialog = screen.getByRole("dialog", { name: "Remove this post?" });
    fireEvent.change(within(dialog).getByLabelText(/Reason/), { target: { value: "Spam, see the reports" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Remove post" }));
    await waitFor(() => expect(screen.queryByText("Buy cheap watches links")).toBeNull());
    expect(bodies).toEqual([{ id: "12", reason: "Spam, see the reports" }]);
    expect(screen.getByText("You are an idiot")).toBeInTheDocument();
    expect(reportsRequests(seen)).toHaveLength(2);
    expect(await screen.findByText("The post was removed.")).toBeInTheDocument();
  });

  it("Dismiss closes the report with a reason; Ban asks how long and whether to remove their content", async () => {
    let open: Report[] = [commentReport, userReport];
    const dismissed: unknown[] = [];
    const bans: unknown[] = [];
    setup({
      "GET /mod/reports": () => ({ items: open, next_cursor: null }),
      "POST /mod/reports/{id}/dismiss": async (request, params) => {
        dismissed.push({ id: params.id, ...((await request.json()) as object) });
        open = open.filter((report) => String(report.id) !== params.id);
        return makeModlogEntry(2, { action: "dismiss" });
      },
      "POST /mod/users/{key}/ban": async (request, params) => {
        bans.push({ key: params.key, ...((await request.json()) as object) });
        open = open.filter((report) => report.target.kind !== "user");
        return makeModlogEntry(3, { action: "ban" });
      },
    });
    const comment = (await screen.findByText("You are an idiot")).closest("li")!;
    fireEvent.click(within(comment).getByRole("button", { name: "Dismiss" }));
    let dialog = screen.getByRole("dialog", { name: "Dismiss this report?" });
    expect(dialog).toHaveTextContent("The 2 other open reports on it close too.");
    fireEvent.change(within(dialog).getByLabelText(/Reason/), { target: { value: "Banter between friends" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Dismiss" }));
    await waitFor(() => expect(screen.queryByText("You are an idiot")).toBeNull());
    expect(dismissed).toEqual([{ id: "2", reason: "Banter between friends" }]);

    const user = screen.getByText("Impersonates a famous person").closest("li")!;
    fireEvent.click(within(user).getByRole("button", { name: "Ban notlinus" }));
    dialog = screen.getByRole("dialog", { name: "Ban notlinus?" });
    fireEvent.change(within(dialog).getByLabelText(/Reason/), { target: { value: "Impersonation" } });
    // Days out of range are caught before sending.
    fireEvent.change(within(dialog).getByLabelText("Days"), { target: { value: "0" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Ban" }));
    expect(await within(dialog).findByText(/Enter a whole number of days from 1/)).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole("radio", { name: "For good" }));
    fireEvent.click(within(dialog).getByRole("checkbox", { name: "Also remove their posts and comments" }));
    fireEvent.click(within(dialog).getByRole("button", { name: "Ban" }));
    await waitFor(() => expect(screen.queryByText("Impersonates a famous person")).toBeNull());
    expect(bans).toEqual([{ key: "9", reason: "Impersonation", remove_content: true }]);
    expect(await screen.findByText("No open reports.")).toBeInTheDocument();
  });

  it("the Closed tab shows what became of each report; Most reported asks the server to sort", async () => {
    const { seen, router } = setup({
      "GET /mod/reports": (request) =>
        queryOf(request).status === "closed"
          ? {
              items: [makeReport(5, { status: "resolved", action: "remove", resolved_at: "2026-11-27T10:00:00Z" })],
              next_cursor: null,
            }
          : { items: [makeReport(1)], next_cursor: null },
    });
    await screen.findByText("Buy cheap watches links");
    fireEvent.click(screen.getByRole("radio", { name: "Most reported" }));
    await waitFor(() => expect(reportsRequests(seen).some((request) => queryOf(request).sort === "most_reported")).toBe(true));
    expect(router.state.location.search).toBe("?sort=most_reported");
    fireEvent.click(screen.getByRole("link", { name: "Closed" }));
    const list = await screen.findByRole("list", { name: "Closed reports, newest first" });
    expect(within(list).getByText("Resolved: removed")).toBeInTheDocument();
    expect(within(list).queryByRole("button")).toBeNull();
    expect(queryOf(reportsRequests(seen).at(-1)!)).toMatchObject({ status: "closed", sort: "newest" });
    expect(screen.queryByRole("radio", { name: "Most reported" })).toBeNull();
  });

  it("is for moderators only: others are told so, and the queue is never asked for", async () => {
    const { seen } = setup({}, { me: makeMe({ role: "user" }) });
    expect(await screen.findByText("This page is for moderators only.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "moderation log" })).toHaveAttribute("href", "/modlog");
    expect(reportsRequests(seen)).toEqual([]);
  });
});
