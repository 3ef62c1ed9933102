import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { sessionTokens, type FeedSource } from "@/shared/api";
import { apiError, json, mockApi } from "@/test/mock-api";
import { renderWithProviders } from "@/test/render";
import { FeedSources } from "./feed-sources.ui";

const source = (overrides: Partial<FeedSource> = {}): FeedSource => ({
  id: 7,
  url: "https://weekly.example/rss.xml",
  title: "码农周刊 Weekly",
  last_fetched_at: "2026-11-26T10:00:00Z",
  last_error: null,
  next_poll_at: "2026-11-26T11:00:00Z",
  imported_count: 12,
  failure_count: 0,
  fetch_count: 3,
  created_at: "2026-11-20T10:00:00Z",
  ...overrides,
});

describe("FeedSources", () => {
  beforeEach(() => sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 }));

  it("lists each feed with its title, address, imported count and last error", async () => {
    mockApi({
      "GET /me/feeds": () => ({
        items: [
          source(),
          source({
            id: 8,
            url: "https://broken.example/feed",
            title: "",
            imported_count: 0,
            failure_count: 2,
            last_error: "the feed could not be parsed (expected RSS 2.0, Atom 1.0 or JSON Feed): bad XML",
          }),
        ],
      }),
    });
    renderWithProviders(<FeedSources />);
    expect(await screen.findByText("码农周刊 Weekly")).toBeInTheDocument();
    expect(screen.getByText("https://weekly.example/rss.xml")).toBeInTheDocument();
    expect(screen.getByText(/12 posts imported/)).toBeInTheDocument();
    expect(screen.getByText("https://broken.example/feed")).toBeInTheDocument();
    expect(screen.getByText(/could not be parsed/)).toBeInTheDocument();
    expect(screen.queryByText(/coming soon/i)).not.toBeInTheDocument();
  });

  it("adds, refreshes and removes feeds through the API", async () => {
    let items: FeedSource[] = [];
    const { seen } = mockApi({
      "GET /me/feeds": () => ({ items }),
      "POST /me/feeds": async (request) => {
        const body = (await request.json()) as { url: string };
        items = [source({ id: 9, url: body.url, title: "", last_fetched_at: null, imported_count: 0 })];
        return json(items[0], 201);
      },
      "POST /me/feeds/{id}/refresh": (_request, params) => json(source({ id: Number(params.id) }), 202),
      "DELETE /me/feeds/{id}": () => {
        items = [];
        return new Response(null, { status: 204 });
      },
    });
    renderWithProviders(<FeedSources />);
    fireEvent.change(await screen.findByLabelText("Feed address"), {
      target: { value: "https://new.example/atom.xml" },
    });
    fireEvent.click(screen.getByRole("button", { name: /Add feed/ }));
    expect(await screen.findByText("https://new.example/atom.xml")).toBeInTheDocument();
    expect(screen.getByText(/not checked yet/)).toBeInTheDocument();

    fireEvent.click(screen.getByRole("button", { name: "Check feed https://new.example/atom.xml now" }));
    await waitFor(() => expect(seen.some((r) => r.method === "POST" && r.url.endsWith("/api/v1/me/feeds/9/refresh"))).toBe(true));

    fireEvent.click(screen.getByRole("button", { name: "Remove feed https://new.example/atom.xml" }));
    expect(await screen.findByText(/No feeds yet/)).toBeInTheDocument();
    expect(seen.some((r) => r.method === "DELETE" && r.url.endsWith("/api/v1/me/feeds/9"))).toBe(true);
  });

  it("shows the server's field error for a bad address", async () => {
    mockApi({
      "GET /me/feeds": () => ({ items: [] }),
      "POST /me/feeds": () =>
        apiError(422, "validation_failed", "some fields are invalid", {
          url: ["must be an http:// or https:// address"],
        }),
    });
    renderWithProviders(<FeedSources />);
    fireEvent.change(await screen.findByLabelText("Feed address"), { target: { value: "ftp://x.example/feed" } });
    fireEvent.click(screen.getByRole("button", { name: /Add feed/ }));
    expect(await screen.findByText("Must be an http:// or https:// address.")).toBeInTheDocument();
  });
});
