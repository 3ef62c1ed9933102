import { fireEvent, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { meKey } from "@/entities/session";
import { sessionTokens } from "@/shared/api";
import { makeMe } from "@/test/fixtures";
import { mockApi } from "@/test/mock-api";
import { renderWithProviders, testQueryClient } from "@/test/render";
import { SettingsPage } from "./settings.page";

function renderSettings() {
  sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
  const queryClient = testQueryClient();
  queryClient.setQueryData(meKey, makeMe());
  mockApi({
    "GET /me/identities": () => ({ has_password: true, identities: [] }),
    "GET /auth/oauth/providers": () => ({ providers: [] }),
    "GET /me/feeds": () => ({ items: [] }),
    "GET /me/notification-settings": () => ({
      kinds: [
        { kind: "reply", in_app: true, mail: true },
        { kind: "mention", in_app: true, mail: true },
        { kind: "like", in_app: true, mail: false },
        { kind: "follow", in_app: true, mail: false },
      ],
    }),
  });
  return renderWithProviders(<SettingsPage />, { queryClient, path: "/settings" });
}

describe("SettingsPage", () => {
  beforeEach(() => sessionTokens.set(null));

  it("is in sections, each a landmark with a heading, and a link to each in the page's navigation", async () => {
    renderSettings();
    const nav = await screen.findByRole("navigation", { name: "Settings sections" });
    const links = within(nav).getAllByRole("link");
    expect(links.map((link) => [link.textContent, link.getAttribute("href")])).toEqual([
      ["Profile", "#profile"],
      ["Account", "#account"],
      ["Sign-in methods", "#sign-in-methods"],
      ["Notifications", "#notifications"],
      ["Privacy & data", "#privacy"],
      ["Imported feeds", "#feeds"],
    ]);
    for (const [name, id] of [
      ["Profile", "profile"],
      ["Account", "account"],
      ["Sign-in methods", "sign-in-methods"],
      ["Notifications", "notifications"],
      ["Privacy & data", "privacy"],
      ["Imported feeds", "feeds"],
    ]) {
      const section = screen.getByRole("region", { name });
      expect(section).toHaveAttribute("id", id);
      expect(within(section).getByRole("heading", { level: 2, name })).toBeInTheDocument();
    }
    expect(within(screen.getByRole("region", { name: "Account" })).getByLabelText("New email address")).toBeInTheDocument();
    expect(
      await within(screen.getByRole("region", { name: "Notifications" })).findByRole("checkbox", { name: "Replies by email" }),
    ).toBeChecked();
    expect(
      within(screen.getByRole("region", { name: "Privacy & data" })).getByRole("switch", {
        name: "Show my bookmarks on my profile",
      }),
    ).toBeInTheDocument();
  });

  it("following a section link focuses that section's heading and puts its #id in the address", async () => {
    renderSettings();
    const nav = await screen.findByRole("navigation", { name: "Settings sections" });
    fireEvent.click(within(nav).getByRole("link", { name: "Privacy & data" }));
    expect(screen.getByRole("heading", { level: 2, name: "Privacy & data" })).toHaveFocus();
    expect(window.location.hash).toBe("#privacy");
  });
});
