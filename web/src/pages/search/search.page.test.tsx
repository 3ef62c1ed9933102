import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { sessionTokens, type PostCard, type SearchPage as SearchPageDto } from "@/shared/api";
import { makePost, page } from "@/test/fixtures";
import { apiError, mockApi } from "@/test/mock-api";
import { renderWithProviders } from "@/test/render";
import { PostList } from "@/widgets/post-list";
import { SearchPage } from "./search.page";

const me = {
  id: 1,
  name: "me",
  email: "me@example.com",
  nickname: "",
  bio: "",
  website: "",
  company: "",
  avatar: "",
  avatar_small: "",
  confirmed: true,
  created_at: "2026-11-26T10:00:00Z",
  stats: { follower_count: 0, following_count: 0, post_count: 0 },
};

function hit(post: PostCard, title_html = `<b>${post.title}</b>`, snippet_html = "") {
  return { post, title_html, snippet_html };
}

function results(items: ReturnType<typeof hit>[], next_cursor: string | null = null): SearchPageDto {
  return { items, next_cursor };
}

const searchParams = (request: Request) => Object.fromEntries(new URL(request.url).searchParams);

describe("SearchPage", () => {
  beforeEach(() => sessionTokens.set(null));

  it("has a labelled search box and asks nothing of the server until there are words", async () => {
    const { seen } = mockApi({});
    renderWithProviders(<SearchPage />, { path: "/search?tag=rust" });
    expect(screen.getByRole("search", { name: "Search posts" })).toBeInTheDocument();
    expect(screen.getByLabelText("Search words")).toHaveAttribute("type", "search");
    expect(screen.getByText("Type some words to search posts.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "#rust" })).toHaveAttribute("href", "/tags/rust");
    expect(seen.filter((r) => r.url.includes("/search"))).toHaveLength(0);
  });

  it("renders highlighted titles and snippets, keeping <b> and only <b>", async () => {
    const { seen } = mockApi({
      "GET /search": () =>
        results([
          hit(
            makePost(1, { title: "Rust & <friends>", excerpt: "plain excerpt 1" }),
            '<b class="x" onclick="alert(1)">Rust</b> &amp; &lt;friends&gt;',
            'Why <b>Rust</b>? <i>Because</i> <img src="x" onerror="alert(1)"><script>alert(1)</script><a href="https://evil.example/">link</a>',
          ),
          hit(makePost(2, { title: "Learning rust", excerpt: "plain excerpt 2" }), "Learning <b>rust</b>", ""),
        ]),
    });
    renderWithProviders(<SearchPage />, { path: "/search?q=rust&tag=lang" });

    const region = await screen.findByRole("region", { name: "Search results for rust" });
    const list = within(region).getAllByRole("list")[0]!;
    expect(list.parentElement).toBe(region);
    expect([...list.children].filter((li) => li.matches('[role="listitem"], li'))).toHaveLength(2);
    expect(within(region).getByRole("status")).toHaveTextContent("2 results for “rust” tagged #lang");

    const [request] = seen.filter((r) => new URL(r.url).pathname === "/api/v1/search");
    expect(searchParams(request!)).toEqual({ q: "rust", tag: "lang", limit: "20" });

    const card1 = document.querySelector<HTMLElement>('[data-post-id="1"]')!;
    const title1 = card1.querySelector("[data-title-html]")!;
    expect(title1.innerHTML).toBe("<b>Rust</b> &amp; &lt;friends&gt;");
    expect(within(card1).getByRole("link", { name: "Rust & <friends>" })).toHaveAttribute("href", "/posts/1");
    const snippet1 = card1.querySelector("[data-snippet]")!;
    expect(snippet1.innerHTML).toBe("Why <b>Rust</b>? Because link");
    // Only <b> elements survive anywhere in the highlighted parts, without attributes.
    for (const node of [title1, snippet1]) {
      const tags = [...node.querySelectorAll("*")].map((el) => el.tagName.toLowerCase());
      expect(new Set(tags)).toEqual(new Set(["b"]));
      for (const b of node.querySelectorAll("b")) expect(b.attributes).toHaveLength(0);
    }
    expect(card1).not.toHaveTextContent("plain excerpt 1");

    // No snippet (only the title matched): the card's own excerpt is shown instead, as text.
    const card2 = document.querySelector<HTMLElement>('[data-post-id="2"]')!;
    expect(card2.querySelector("[data-title-html]")!.innerHTML).toBe("Learning <b>rust</b>");
    expect(card2.querySelector("[data-snippet]")).toBeNull();
    expect(card2).toHaveTextContent("plain excerpt 2");
  });

  it("submits the form to search, and loads more results with the cursor", async () => {
    const { seen } = mockApi({
      "GET /search": (request) =>
        searchParams(request).cursor === "c2" ? results([hit(makePost(3))]) : results([hit(makePost(1)), hit(makePost(2))], "c2"),
    });
    renderWithProviders(<SearchPage />, { path: "/search" });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Search words"), "  hello world  ");
    await user.keyboard("{Enter}");

    await screen.findByText("Post 2");
    expect(screen.getByRole("status")).toHaveTextContent("The first 2 results for “hello world”");
    await user.click(screen.getByRole("button", { name: "Load more results" }));
    await screen.findByText("Post 3");
    expect(screen.queryByRole("button", { name: "Load more results" })).toBeNull();
    expect(screen.getByRole("status")).toHaveTextContent("3 results");

    const requests = seen.filter((r) => new URL(r.url).pathname === "/api/v1/search").map(searchParams);
    expect(requests).toEqual([
      { q: "hello world", limit: "20" },
      { q: "hello world", limit: "20", cursor: "c2" },
    ]);
  });

  it("says when nothing matched", async () => {
    mockApi({ "GET /search": () => results([]) });
    renderWithProviders(<SearchPage />, { path: "/search?q=zzz" });
    expect(await screen.findByText("Nothing matched.")).toBeInTheDocument();
  });

  it("says search is unavailable on a 503, and tries again on request", async () => {
    let down = true;
    mockApi({
      "GET /search": () =>
        down ? apiError(503, "service_unavailable", "search backend unavailable") : results([hit(makePost(5))]),
    });
    renderWithProviders(<SearchPage />, { path: "/search?q=rust" });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Search is unavailable right now. Please try again in a moment.");
    down = false;
    fireEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    await screen.findByText("Post 5");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("shows the app's own message for other errors (e.g. a query too long)", async () => {
    mockApi({ "GET /search": () => apiError(422, "query_too_long", "a search is at most 200 characters") });
    renderWithProviders(<SearchPage />, { path: "/search?q=rust" });
    expect(await screen.findByRole("alert")).toHaveTextContent("That search is too long. Use fewer words.");
    expect(screen.queryByText(/coming soon/i)).toBeNull();
  });

  it("a like on a search result changes the same post in every other list too", async () => {
    sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
    mockApi({
      "GET /me": () => me,
      "GET /posts": () => page([makePost(1), makePost(2)]),
      "GET /search": () => results([hit(makePost(2)), hit(makePost(3))]),
      "PUT /posts/{id}/like": (_req, { id }) => ({ active: true, count: Number(id) + 1 }),
    });
    renderWithProviders(
      <>
        <PostList scope={{ kind: "latest" }} label="Latest" empty={{ title: "none" }} />
        <SearchPage />
      </>,
      { path: "/search?q=post" },
    );
    const latest = await screen.findByRole("region", { name: "Latest" });
    const found = await screen.findByRole("region", { name: "Search results for post" });
    const like = (region: HTMLElement, id: number) =>
      within(region.querySelector<HTMLElement>(`[data-post-id="${id}"]`)!).getByRole("button", { name: /^Like/ });

    fireEvent.click(like(found, 2));
    await waitFor(() => expect(like(latest, 2)).toHaveAttribute("aria-pressed", "true"));
    expect(like(found, 2)).toHaveAttribute("aria-pressed", "true");
    await waitFor(() => expect(like(found, 2)).toHaveAccessibleName("Like (3)"));
    expect(like(latest, 2)).toHaveAccessibleName("Like (3)");
    expect(like(latest, 1)).toHaveAttribute("aria-pressed", "false");
    expect(like(found, 3)).toHaveAttribute("aria-pressed", "false");
  });
});
