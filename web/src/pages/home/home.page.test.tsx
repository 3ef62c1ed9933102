import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { Route, Routes } from "react-router";
import { beforeEach, describe, expect, it } from "vitest";
import { sessionTokens } from "@/shared/api";
import { makePost, page } from "@/test/fixtures";
import { apiError, mockApi } from "@/test/mock-api";
import { renderWithProviders } from "@/test/render";
import { TagPage } from "@/pages/tag/tag.page";
import { HomePage } from "./home.page";

const query = (request: Request) => Object.fromEntries(new URL(request.url).searchParams);
const requestsTo = (seen: Request[], pathname: string) => seen.filter((r) => new URL(r.url).pathname === pathname).map(query);

describe("Hot tabs", () => {
  beforeEach(() => sessionTokens.set(null));

  it("the Home Hot tab lists posts from sort=hot, and pages them with the cursor", async () => {
    const { seen } = mockApi({
      "GET /tags": () => ({ items: [] }),
      "GET /posts": (request) => (query(request).cursor === "h2" ? page([makePost(3)]) : page([makePost(2), makePost(1)], "h2")),
    });
    renderWithProviders(<HomePage />, { path: "/?tab=hot" });

    expect(await screen.findByRole("heading", { level: 1, name: "Hot posts" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Hot" })).toHaveAttribute("aria-current", "page");
    const region = await screen.findByRole("region", { name: "Hot posts" });
    await within(region).findByText("Post 2");
    expect([...region.querySelectorAll("[data-post-id]")].map((c) => c.getAttribute("data-post-id"))).toEqual(["2", "1"]);
    expect(screen.queryByText(/coming soon/i)).toBeNull();

    fireEvent.click(within(region).getByRole("button", { name: "Load more posts" }));
    await within(region).findByText("Post 3");
    expect(requestsTo(seen, "/api/v1/posts")).toEqual([
      { sort: "hot", limit: "20" },
      { sort: "hot", limit: "20", cursor: "h2" },
    ]);
  });

  it("a 503 on the Hot tab says ranking is unavailable and offers to try again", async () => {
    mockApi({
      "GET /tags": () => ({ items: [] }),
      "GET /posts": () => apiError(503, "service_unavailable", "search backend unavailable"),
    });
    renderWithProviders(<HomePage />, { path: "/?tab=hot" });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Hot posts are unavailable right now. Please try again in a moment.");
    expect(within(alert).getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });

  it("an empty Hot tab points to the latest posts", async () => {
    mockApi({ "GET /tags": () => ({ items: [] }), "GET /posts": () => page([]) });
    renderWithProviders(<HomePage />, { path: "/?tab=hot" });
    expect(await screen.findByText("Nothing is hot yet.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "latest posts" })).toHaveAttribute("href", "/?tab=latest");
  });

  it("the tag page's Hot tab asks /tags/{name}/posts for sort=hot; Latest for sort=latest", async () => {
    const { seen } = mockApi({
      "GET /tags": () => ({ items: [] }),
      "GET /tags/{name}/posts": (request) =>
        query(request).sort === "hot" ? page([makePost(7, { tags: ["rust"] })]) : page([makePost(8, { tags: ["rust"] })]),
    });
    renderWithProviders(
      <Routes>
        <Route path="/tags/:name" element={<TagPage />} />
      </Routes>,
      { path: "/tags/rust?sort=hot" },
    );
    await screen.findByText("Post 7");
    expect(screen.getByRole("link", { name: "Hot" })).toHaveAttribute("aria-current", "page");
    expect(screen.queryByText(/coming soon/i)).toBeNull();

    fireEvent.click(screen.getByRole("link", { name: "Latest" }));
    await screen.findByText("Post 8");
    await waitFor(() =>
      expect(requestsTo(seen, "/api/v1/tags/rust/posts")).toEqual([
        { sort: "hot", limit: "20" },
        { sort: "latest", limit: "20" },
      ]),
    );
  });
});
