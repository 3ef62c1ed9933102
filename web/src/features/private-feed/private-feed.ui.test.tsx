import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { sessionTokens } from "@/shared/api";
import { Toasts } from "@/shared/ui";
import { apiError, json, mockApi } from "@/test/mock-api";
import { renderWithProviders } from "@/test/render";
import { PrivateFeed } from "./private-feed.ui";

const created = (token: string) => ({
  token,
  atom_url: `https://example.org/api/v1/feeds/home/${token}.atom`,
  rss_url: `https://example.org/api/v1/feeds/home/${token}.rss`,
  created_at: new Date().toISOString(),
});

function setup(routes: Parameters<typeof mockApi>[0]) {
  sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
  const api = mockApi(routes);
  renderWithProviders(
    <>
      <PrivateFeed />
      <Toasts />
    </>,
  );
  for (const dismiss of screen.queryAllByRole("button", { name: "Dismiss" })) fireEvent.click(dismiss);
  return api;
}

const block = () => within(document.querySelector<HTMLElement>("[data-private-feed]")!);

describe("PrivateFeed (Settings → Privacy & data)", () => {
  beforeEach(() => {
    sessionTokens.set(null);
    Object.defineProperty(navigator, "clipboard", { value: undefined, configurable: true, writable: true });
  });

  it("without a token: says so; Create shows both addresses once, with a warning and copy buttons", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true, writable: true });
    const { seen } = setup({
      "GET /me/feed-token": () => ({ created_at: null }),
      "POST /me/feed-token": () => json(created("t0ken"), 201),
    });
    expect(await block().findByText("You have no private feed address.")).toBeInTheDocument();
    fireEvent.click(block().getByRole("button", { name: "Create feed address" }));
    const atom = await block().findByRole("textbox", { name: "Atom feed address" });
    expect(atom).toHaveValue("https://example.org/api/v1/feeds/home/t0ken.atom");
    expect(block().getByRole("textbox", { name: "RSS feed address" })).toHaveValue(
      "https://example.org/api/v1/feeds/home/t0ken.rss",
    );
    expect(block().getByText(/they are not shown again/)).toBeInTheDocument();
    expect(block().getByText(/You have a private feed address, made/)).toBeInTheDocument();
    expect(seen.filter((request) => request.method === "POST")).toHaveLength(1);

    fireEvent.click(block().getByRole("button", { name: "Copy RSS feed address" }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith("https://example.org/api/v1/feeds/home/t0ken.rss"));
    expect(await screen.findByText("RSS feed address copied")).toBeInTheDocument();
  });

  it("with a token: says since when; Replace asks first, then shows the new addresses", async () => {
    const since = new Date(Date.now() - 3 * 24 * 3600 * 1000).toISOString();
    const { seen } = setup({
      "GET /me/feed-token": () => ({ created_at: since }),
      "POST /me/feed-token": () => json(created("n3w"), 201),
    });
    const status = await block().findByText(/You have a private feed address, made/);
    expect(status.querySelector("time")).toHaveAttribute("datetime", since);
    expect(status).toHaveTextContent("3 days ago");
    expect(block().queryByRole("textbox")).toBeNull(); // the token itself is never shown again

    fireEvent.click(block().getByRole("button", { name: "Replace address" }));
    expect(seen.some((request) => request.method === "POST")).toBe(false);
    fireEvent.click(block().getByRole("button", { name: "Replace: the current address stops working" }));
    expect(await block().findByRole("textbox", { name: "Atom feed address" })).toHaveValue(
      "https://example.org/api/v1/feeds/home/n3w.atom",
    );
  });

  it("Revoke asks first, then sends DELETE; the shown addresses go", async () => {
    const { seen } = setup({
      "GET /me/feed-token": () => ({ created_at: null }),
      "POST /me/feed-token": () => json(created("t0ken"), 201),
      "DELETE /me/feed-token": () => new Response(null, { status: 204 }),
    });
    fireEvent.click(await block().findByRole("button", { name: "Create feed address" }));
    await block().findByRole("textbox", { name: "Atom feed address" });
    fireEvent.click(block().getByRole("button", { name: "Revoke" }));
    fireEvent.click(block().getByRole("button", { name: "Revoke: the address stops working" }));
    expect(await block().findByText("You have no private feed address.")).toBeInTheDocument();
    expect(block().queryByRole("textbox")).toBeNull();
    expect(seen.filter((request) => request.method === "DELETE")).toHaveLength(1);
    expect(block().getByRole("button", { name: "Create feed address" })).toBeInTheDocument();
  });

  it("a refused request is shown with the form error, and nothing changes", async () => {
    setup({
      "GET /me/feed-token": () => ({ created_at: null }),
      "POST /me/feed-token": () => apiError(429, "rate_limited", "slow down"),
    });
    fireEvent.click(await block().findByRole("button", { name: "Create feed address" }));
    expect(await block().findByRole("alert")).toHaveTextContent("Too many attempts.");
    expect(block().queryByRole("textbox")).toBeNull();
    expect(block().getByText("You have no private feed address.")).toBeInTheDocument();
  });

  it("when copying is refused, the address is selected for copying by hand", async () => {
    Object.defineProperty(navigator, "clipboard", {
      value: { writeText: vi.fn().mockRejectedValue(new Error("denied")) },
      configurable: true,
      writable: true,
    });
    setup({
      "GET /me/feed-token": () => ({ created_at: null }),
      "POST /me/feed-token": () => json(created("t0ken"), 201),
    });
    fireEvent.click(await block().findByRole("button", { name: "Create feed address" }));
    fireEvent.click(await block().findByRole("button", { name: "Copy Atom feed address" }));
    const field = block().getByRole("textbox", { name: "Atom feed address" });
    await waitFor(() => expect(field).toHaveFocus());
    expect(field).toHaveAccessibleDescription(/Copying did not work here/);
  });
});
