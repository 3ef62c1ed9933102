import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SHARE_SERVICES } from "@/shared/config";
import { Toasts } from "@/shared/ui";
import { mailtoHref, serviceLinks } from "./share-post.links";
import { SharePostButton } from "./share-post.ui";

const url = (id: number) => `${location.origin}/posts/${id}`;

function setNavigator(name: "share" | "clipboard", value: unknown) {
  Object.defineProperty(navigator, name, { value, configurable: true, writable: true });
}

function renderCards(...posts: { id: number; title: string }[]) {
  const view = render(
    <>
      {posts.map((post) => (
        <article key={post.id} data-post-id={post.id}>
          <SharePostButton post={post} />
        </article>
      ))}
      <button type="button">Elsewhere</button>
      <Toasts />
    </>,
  );
  // Toasts are app-wide: clear those an earlier test left.
  for (const dismiss of screen.queryAllByRole("button", { name: "Dismiss" })) fireEvent.click(dismiss);
  return view;
}

const card = (id: number) => within(document.querySelector<HTMLElement>(`[data-post-id="${id}"]`)!);

describe("SharePostButton", () => {
  beforeEach(() => {
    setNavigator("share", undefined);
    setNavigator("clipboard", undefined);
  });
  afterEach(() => vi.useRealTimers());

  it("uses the system share sheet with the canonical address and title when the browser has one", async () => {
    const share = vi.fn().mockResolvedValue(undefined);
    setNavigator("share", share);
    renderCards({ id: 12, title: "Rust & the web" });
    fireEvent.click(screen.getByRole("button", { name: "Share" }));
    await waitFor(() => expect(share).toHaveBeenCalledWith({ title: "Rust & the web", url: url(12) }));
    expect(screen.queryByRole("menu")).toBeNull();
  });

  it("says nothing when the person closes the share sheet (AbortError)", async () => {
    const share = vi.fn().mockRejectedValue(new DOMException("Share canceled", "AbortError"));
    setNavigator("share", share);
    renderCards({ id: 12, title: "A post" });
    fireEvent.click(screen.getByRole("button", { name: "Share" }));
    await waitFor(() => expect(share).toHaveBeenCalled());
    await act(async () => {});
    expect(screen.queryByRole("menu")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByRole("status")).toBeEmptyDOMElement();
  });

  it("offers its own menu when the share sheet refuses for another reason", async () => {
    setNavigator("share", vi.fn().mockRejectedValue(new DOMException("no gesture", "NotAllowedError")));
    renderCards({ id: 12, title: "A post" });
    fireEvent.click(screen.getByRole("button", { name: "Share" }));
    expect(await screen.findByRole("menu")).toBeInTheDocument();
  });

  it("without Web Share: a menu; Copy link copies the canonical address and says so", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    setNavigator("clipboard", { writeText });
    renderCards({ id: 12, title: "A post" });
    const trigger = screen.getByRole("button", { name: "Share" });
    expect(trigger).toHaveAttribute("aria-haspopup", "menu");
    expect(trigger).toHaveAttribute("aria-expanded", "false");
    fireEvent.click(trigger);
    const menu = await screen.findByRole("menu");
    expect(trigger).toHaveAttribute("aria-expanded", "true");
    expect(within(menu).getByRole("menuitem", { name: "Copy link" })).toHaveFocus();
    fireEvent.click(within(menu).getByRole("menuitem", { name: "Copy link" }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(url(12)));
    expect(await screen.findByRole("status")).toHaveTextContent("Link copied");
    expect(screen.queryByRole("menu")).toBeNull();
    expect(trigger).toHaveFocus();
  });

  it("when copying fails, shows the address selected in a field to copy by hand", async () => {
    setNavigator("clipboard", { writeText: vi.fn().mockRejectedValue(new DOMException("denied", "NotAllowedError")) });
    renderCards({ id: 7, title: "A post" });
    fireEvent.click(screen.getByRole("button", { name: "Share" }));
    fireEvent.click(await screen.findByRole("menuitem", { name: "Copy link" }));
    const field = await screen.findByRole("textbox");
    expect(field).toHaveValue(url(7));
    expect(field).toHaveAttribute("readonly");
    expect(field).toHaveFocus();
    expect(screen.getByRole("status")).not.toHaveTextContent("Link copied");
  });

  it("lists email and the configured services, opened in a new tab without an opener or referrer", async () => {
    renderCards({ id: 3, title: "Hello" });
    fireEvent.click(screen.getByRole("button", { name: "Share" }));
    const menu = await screen.findByRole("menu");
    const items = within(menu).getAllByRole("menuitem");
    expect(items.map((item) => item.textContent?.replace(" (opens in a new tab)", "").trim())).toEqual([
      "Copy link",
      "Share by email",
      ...SHARE_SERVICES.map((service) => service.name),
    ]);
    expect(within(menu).getByRole("menuitem", { name: "Share by email" })).toHaveAttribute(
      "href",
      mailtoHref({ url: url(3), title: "Hello" }),
    );
    for (const service of SHARE_SERVICES) {
      const link = menu.querySelector(`[data-share="${service.id}"]`)!;
      expect(link).toHaveAttribute("target", "_blank");
      expect(link).toHaveAttribute("rel", "noopener noreferrer");
    }
    const hn = menu.querySelector('[data-share="hacker-news"]')!;
    expect(hn).toHaveAttribute("href", `https://news.ycombinator.com/submitlink?u=${encodeURIComponent(url(3))}&t=Hello`);
  });

  it("is keyboard operable: arrows move, Escape closes and gives focus back to the button", async () => {
    renderCards({ id: 3, title: "Hello" });
    const trigger = screen.getByRole("button", { name: "Share" });
    fireEvent.click(trigger);
    const menu = await screen.findByRole("menu");
    const items = within(menu).getAllByRole("menuitem");
    expect(items[0]).toHaveFocus();
    fireEvent.keyDown(items[0]!, { key: "ArrowDown" });
    expect(items[1]).toHaveFocus();
    fireEvent.keyDown(items[1]!, { key: "ArrowUp" });
    fireEvent.keyDown(items[0]!, { key: "ArrowUp" });
    expect(items[items.length - 1]).toHaveFocus();
    fireEvent.keyDown(items[items.length - 1]!, { key: "Home" });
    expect(items[0]).toHaveFocus();
    fireEvent.keyDown(items[0]!, { key: "Escape" });
    expect(screen.queryByRole("menu")).toBeNull();
    expect(trigger).toHaveFocus();
    expect(trigger).toHaveAttribute("aria-expanded", "false");
  });

  it("closes on a click outside it", async () => {
    renderCards({ id: 3, title: "Hello" });
    fireEvent.click(screen.getByRole("button", { name: "Share" }));
    const menu = await screen.findByRole("menu");
    fireEvent.pointerDown(within(menu).getAllByRole("menuitem")[1]!); // inside: stays open
    expect(screen.getByRole("menu")).toBeInTheDocument();
    fireEvent.pointerDown(screen.getByRole("button", { name: "Elsewhere" }));
    expect(screen.queryByRole("menu")).toBeNull();
  });

  it("each card's menu is its own: opening one leaves the others closed, and shares that card's post", async () => {
    renderCards({ id: 1, title: "First" }, { id: 2, title: "Second" });
    fireEvent.click(card(2).getByRole("button", { name: "Share" }));
    const menu = await card(2).findByRole("menu");
    expect(card(1).queryByRole("menu")).toBeNull();
    expect(card(1).getByRole("button", { name: "Share" })).toHaveAttribute("aria-expanded", "false");
    expect(within(menu).getByRole("menuitem", { name: "Share by email" }).getAttribute("href")).toContain(
      encodeURIComponent(url(2)),
    );
    expect(menu).toHaveAccessibleName("Share “Second”");
  });
});

describe("share addresses", () => {
  const link = { url: "https://example.org/posts/5", title: `Tom & Jerry say "hi" #1 🎉` };

  it("mailto: subject and body are percent-encoded, so &, quotes, # and emoji stay in them", () => {
    const href = mailtoHref(link);
    expect(href).toBe(
      "mailto:?subject=Tom%20%26%20Jerry%20say%20%22hi%22%20%231%20%F0%9F%8E%89" +
        "&body=Tom%20%26%20Jerry%20say%20%22hi%22%20%231%20%F0%9F%8E%89%0D%0A%0D%0Ahttps%3A%2F%2Fexample.org%2Fposts%2F5",
    );
    // Read back as a mail program would: exactly two parameters, the title whole.
    const params = new URLSearchParams(href.slice("mailto:?".length));
    expect([...params.keys()]).toEqual(["subject", "body"]);
    expect(params.get("subject")).toBe(link.title);
    expect(params.get("body")).toBe(`${link.title}\r\n\r\n${link.url}`);
  });

  it("each service gets the address and title as its own encoded parameters", () => {
    const byId = Object.fromEntries(serviceLinks(link).map((service) => [service.id, new URL(service.href)]));
    expect(byId["reddit"]!.searchParams.get("url")).toBe(link.url);
    expect(byId["reddit"]!.searchParams.get("title")).toBe(link.title);
    expect(byId["hacker-news"]!.searchParams.get("u")).toBe(link.url);
    expect(byId["hacker-news"]!.searchParams.get("t")).toBe(link.title);
    expect(byId["bluesky"]!.searchParams.get("text")).toBe(`${link.title} ${link.url}`);
    expect(byId["linkedin"]!.searchParams.get("url")).toBe(link.url);
    expect(byId["x"]!.searchParams.get("url")).toBe(link.url);
    for (const url of Object.values(byId)) expect(url.protocol).toBe("https:");
  });
});
