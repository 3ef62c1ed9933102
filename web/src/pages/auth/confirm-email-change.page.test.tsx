import { screen } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { sessionTokens } from "@/shared/api";
import { makeMe } from "@/test/fixtures";
import { apiError, mockApi } from "@/test/mock-api";
import { renderWithProviders } from "@/test/render";
import { ConfirmEmailChangePage } from "./confirm-email-change.page";

describe("ConfirmEmailChangePage", () => {
  beforeEach(() => sessionTokens.set(null));

  it("signed out: confirms once and says the address is changed, with a way to sign in", async () => {
    const { seen } = mockApi({ "POST /auth/email/confirm": () => new Response(null, { status: 204 }) });
    renderWithProviders(<ConfirmEmailChangePage />, { path: "/confirm-email-change?token=t1" });
    expect(await screen.findByText(/Your email address is changed\./)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Sign in" })).toBeInTheDocument();
    const posts = seen.filter((r) => r.method === "POST");
    expect(posts).toHaveLength(1);
    expect(await posts[0]!.json()).toEqual({ token: "t1" });
  });

  it("signed in: fetches `me` again and names the new address", async () => {
    sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
    let changed = false;
    mockApi({
      "POST /auth/email/confirm": () => {
        changed = true;
        return new Response(null, { status: 204 });
      },
      "GET /me": () => makeMe({ email: changed ? "ann@new.example" : "ann@example.com" }),
    });
    renderWithProviders(<ConfirmEmailChangePage />, { path: "/confirm-email-change?token=t1" });
    expect(await screen.findByText("ann@new.example")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to settings" })).toHaveAttribute("href", "/settings#account");
  });

  it("an expired, used or unknown link (422) says which, and where a new one comes from", async () => {
    let code = "token_expired";
    mockApi({ "POST /auth/email/confirm": () => apiError(422, code, "token problem") });
    const first = renderWithProviders(<ConfirmEmailChangePage />, { path: "/confirm-email-change?token=t1" });
    expect(await screen.findByRole("alert")).toHaveTextContent("This link has expired.");
    expect(screen.getByText(/works once, for a limited time/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Try again/ })).toBeNull();
    first.unmount();
    code = "token_used";
    const second = renderWithProviders(<ConfirmEmailChangePage />, { path: "/confirm-email-change?token=t1" });
    expect(await screen.findByRole("alert")).toHaveTextContent("This link has been used already.");
    expect(screen.getByText(/your address has changed already/)).toBeInTheDocument();
    second.unmount();
    code = "invalid_token";
    renderWithProviders(<ConfirmEmailChangePage />, { path: "/confirm-email-change?token=t1" });
    expect(await screen.findByRole("alert")).toHaveTextContent("This link is not valid.");
  });

  it("an address another account took meanwhile (409) says the address did not change", async () => {
    mockApi({ "POST /auth/email/confirm": () => apiError(409, "email_taken", "email already registered") });
    renderWithProviders(<ConfirmEmailChangePage />, { path: "/confirm-email-change?token=t1" });
    expect(await screen.findByRole("alert")).toHaveTextContent("Another account took this address in the meantime.");
    expect(screen.getByText(/Your address has not changed\./)).toBeInTheDocument();
  });

  it("a link without a token sends nothing", () => {
    const { seen } = mockApi({});
    renderWithProviders(<ConfirmEmailChangePage />, { path: "/confirm-email-change" });
    expect(screen.getByRole("alert")).toHaveTextContent("This link is incomplete.");
    expect(seen).toHaveLength(0);
  });
});
