import { screen } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { sessionTokens } from "@/shared/api";
import { apiError, mockApi } from "@/test/mock-api";
import { renderWithProviders } from "@/test/render";
import { ConfirmEmailPage } from "./confirm-email.page";

const me = (confirmed: boolean) => ({
  id: 3,
  name: "ann",
  nickname: "",
  email: "ann@example.com",
  confirmed,
  avatar: "",
  avatar_small: "",
  bio: "",
  company: "",
  website: "",
  created_at: "2026-11-30T10:00:00Z",
  stats: { post_count: 0, follower_count: 0, following_count: 0 },
});

describe("ConfirmEmailPage", () => {
  beforeEach(() => sessionTokens.set(null));

  it("a link opened again by a confirmed account says kindly that all is done", async () => {
    sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
    mockApi({
      "POST /auth/confirm": () => apiError(400, "token_used", "this link was already used", { token: ["already used"] }),
      "GET /me": () => me(true),
    });
    renderWithProviders(<ConfirmEmailPage />, { path: "/confirm-email?token=t1" });
    expect(await screen.findByText("Your email address is already confirmed. There is nothing more to do.")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("signed out, a used link suggests signing in rather than an error", async () => {
    mockApi({ "POST /auth/confirm": () => apiError(400, "token_used", "this link was already used") });
    renderWithProviders(<ConfirmEmailPage />, { path: "/confirm-email?token=t1" });
    expect(await screen.findByText(/This link has been used already/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Sign in" })).toBeInTheDocument();
  });

  it("an expired link for an unconfirmed account is an error in the app's words", async () => {
    sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
    mockApi({
      "POST /auth/confirm": () => apiError(400, "token_expired", "this link has expired"),
      "GET /me": () => me(false),
    });
    renderWithProviders(<ConfirmEmailPage />, { path: "/confirm-email?token=t1" });
    expect(await screen.findByRole("alert")).toHaveTextContent("This confirmation link has expired.");
  });
});
