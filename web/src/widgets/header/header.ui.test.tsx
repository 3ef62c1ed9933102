import { screen } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { sessionTokens } from "@/shared/api";
import { mockApi } from "@/test/mock-api";
import { renderWithProviders } from "@/test/render";
import { Header } from "./header.ui";

describe("Header, signed out", () => {
  beforeEach(() => {
    sessionTokens.set(null);
    mockApi({});
  });

  it("Sign in and Join bring the visitor back to the page they were reading", () => {
    renderWithProviders(<Header />, { path: "/posts/12?from=x" });
    expect(screen.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/signin?next=%2Fposts%2F12%3Ffrom%3Dx");
    expect(screen.getByRole("link", { name: "Join" })).toHaveAttribute("href", "/register?next=%2Fposts%2F12%3Ffrom%3Dx");
  });

  it("not back to the front page or to an account page", () => {
    renderWithProviders(<Header />, { path: "/" });
    expect(screen.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/signin");
    renderWithProviders(<Header />, { path: "/forgot-password" });
    expect(screen.getAllByRole("link", { name: "Join" })[1]).toHaveAttribute("href", "/register");
  });
});

describe("Header, signed in", () => {
  beforeEach(() => {
    sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
    mockApi({
      "GET /me": () => ({
        id: 1,
        name: "ann",
        nickname: "Ann",
        email: "ann@example.com",
        confirmed: true,
        avatar: "",
        avatar_small: "",
        bio: "",
        company: "",
        website: "",
        created_at: "2024-11-30T10:00:00Z",
        stats: { post_count: 0, follower_count: 0, following_count: 0 },
      }),
      "GET /me/notifications/unread-count": () => ({ count: 0 }),
    });
  });

  it("every link and button has a name, also where the phone layout shows icons only", async () => {
    const { container } = renderWithProviders(<Header />, { path: "/" });
    await screen.findByRole("link", { name: /Your profile/ });
    for (const name of ["Tidings home", "Home", "Tags", "Search", "Write", "Notifications", "Settings"]) {
      expect(screen.getByRole("link", { name })).toBeInTheDocument();
    }
    expect(screen.getByRole("button", { name: "Sign out" })).toBeInTheDocument();
    // The words beside the icons are hidden visually at ≤ 640 px, never with display:none.
    for (const text of container.querySelectorAll(".nav-text")) expect(text.textContent).not.toBe("");
  });
});

describe("Header: moderation links", () => {
  const me = (role: string) => ({
    id: 1,
    name: "ann",
    nickname: "Ann",
    email: "ann@example.com",
    confirmed: true,
    avatar: "",
    avatar_small: "",
    bio: "",
    company: "",
    website: "",
    created_at: "2024-11-30T10:00:00Z",
    stats: { post_count: 0, follower_count: 0, following_count: 0 },
    role,
    ban: null,
  });
  const signIn = (role: string) => {
    sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
    mockApi({ "GET /me": () => me(role), "GET /me/notifications/unread-count": () => ({ count: 0 }) });
  };

  it("moderators get Moderation; administrators Admin too; others neither", async () => {
    signIn("moderator");
    renderWithProviders(<Header />);
    expect(await screen.findByRole("link", { name: "Moderation" })).toHaveAttribute("href", "/moderation");
    expect(screen.queryByRole("link", { name: "Admin" })).toBeNull();
  });

  it("administrators", async () => {
    signIn("admin");
    renderWithProviders(<Header />);
    expect(await screen.findByRole("link", { name: "Admin" })).toHaveAttribute("href", "/admin");
    expect(screen.getByRole("link", { name: "Moderation" })).toBeInTheDocument();
  });

  it("everyone else", async () => {
    signIn("user");
    renderWithProviders(<Header />);
    await screen.findByRole("link", { name: /Your profile/ });
    expect(screen.queryByRole("link", { name: "Moderation" })).toBeNull();
    expect(screen.queryByRole("link", { name: "Admin" })).toBeNull();
  });
});
