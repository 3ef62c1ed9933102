import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import { StrictMode } from "react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { meKey } from "@/entities/session";
import { sessionTokens } from "@/shared/api";
import { Toasts } from "@/shared/ui";
import { apiError, json, mockApi } from "@/test/mock-api";
import { testQueryClient } from "@/test/render";
import { OAuthCompletePage } from "./oauth-complete.page";
import { readOAuthOutcome } from "./oauth-outcome";

const user = { id: 42, name: "octo", nickname: "The Octocat", avatar: "", avatar_small: "", email: "octo@example.com" };

function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname}</p>;
}

/** The page as the browser gets it: at `/oauth/complete#…`, under StrictMode (effects run twice). */
function renderComplete(fragment: string) {
  window.history.replaceState(null, "", `/oauth/complete${fragment}`);
  const queryClient = testQueryClient();
  render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={["/oauth/complete"]}>
          <Routes>
            <Route path="/oauth/complete" element={<OAuthCompletePage />} />
            <Route path="*" element={<Where />} />
          </Routes>
        </MemoryRouter>
        <Toasts />
      </QueryClientProvider>
    </StrictMode>,
  );
  return queryClient;
}

describe("/oauth/complete", () => {
  beforeEach(() => sessionTokens.set(null));
  afterEach(() => window.history.replaceState(null, "", "/"));

  it("trades the code once, stores the session like a password sign-in, and goes to `next`", async () => {
    let exchanges = 0;
    const { seen } = mockApi({
      "POST /auth/oauth/exchange": async (request) => {
        exchanges += 1;
        expect(await request.json()).toEqual({ code: "one-time-code-1" });
        return json({ user, access_token: "access-1", refresh_token: "refresh-1", token_type: "Bearer", expires_in: 900 });
      },
    });
    const queryClient = renderComplete("#code=one-time-code-1&next=%2Fposts%2F12");
    // The code leaves the address bar at once.
    expect(window.location.hash).toBe("");
    expect(window.location.pathname).toBe("/oauth/complete");

    expect(await screen.findByTestId("where")).toHaveTextContent("/posts/12");
    expect(exchanges).toBe(1);
    expect(seen).toHaveLength(1);
    expect(sessionTokens.get()).toMatchObject({ accessToken: "access-1", refreshToken: "refresh-1" });
    expect(queryClient.getQueryData(meKey)).toEqual(user);
  });

  it("never follows a `next` that leaves the site", async () => {
    mockApi({
      "POST /auth/oauth/exchange": () =>
        json({ user, access_token: "a", refresh_token: "r", token_type: "Bearer", expires_in: 900 }),
    });
    renderComplete("#code=one-time-code-2&next=%2F%2Fevil.example%2F");
    expect(await screen.findByTestId("where")).toHaveTextContent(/^\/$/);
  });

  it("shows the server's message when the code is used or expired", async () => {
    mockApi({
      "POST /auth/oauth/exchange": () =>
        apiError(401, "invalid_oauth_code", "this sign-in code is not valid (expired or already used); sign in again"),
    });
    renderComplete("#code=one-time-code-3&next=%2F");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("This sign-in code is not valid (expired or already used); sign in again");
    expect(screen.getByRole("link", { name: "Back to sign in" })).toHaveAttribute("href", "/signin");
    expect(sessionTokens.get()).toBeNull();
  });

  it("after linking, goes to `next` and says the provider is linked", async () => {
    sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
    mockApi({
      "GET /auth/oauth/providers": () => ({ providers: [{ id: "github", name: "GitHub", kind: "github" }] }),
      "GET /me": () => user,
    });
    renderComplete("#linked=github&next=%2Fsettings");
    expect(await screen.findByTestId("where")).toHaveTextContent("/settings");
    expect(await screen.findByText("GitHub is now linked: you can sign in with it.")).toBeInTheDocument();
    expect(screen.getAllByText(/is now linked/)).toHaveLength(1);
    expect(window.location.hash).toBe("");
  });

  it("shows an error as an alert, with a way back to sign in", async () => {
    const { seen } = mockApi({});
    renderComplete(
      "#error=oauth_email_taken&message=an+account+already+uses+octo%40example.com%3A+sign+in+with+your+password%2C+then+link+GitHub+in+Settings&provider=github&next=%2F",
    );
    expect(
      await screen.findByRole("heading", { level: 1, name: "That email address already has an account" }),
    ).toBeInTheDocument();
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent(
      "An account already uses octo@example.com: sign in with your password, then link GitHub in Settings",
    );
    // Signing in with the password leads on to Settings, where GitHub can be linked.
    expect(screen.getByRole("link", { name: "Sign in with your password" })).toHaveAttribute("href", "/signin?next=%2Fsettings");
    expect(within(document.body).queryByRole("link", { name: "Back to settings" })).toBeNull();
    expect(seen).toHaveLength(0);
    expect(window.location.hash).toBe("");
  });
});

describe("readOAuthOutcome", () => {
  it("reads each outcome and keeps `next` on this site", () => {
    expect(readOAuthOutcome("#code=abc&next=%2Ftags%2Frust")).toEqual({ kind: "code", code: "abc", next: "/tags/rust" });
    expect(readOAuthOutcome("#code=abc&next=https%3A%2F%2Fevil.example")).toEqual({ kind: "code", code: "abc", next: "/" });
    expect(readOAuthOutcome("#linked=oidc")).toEqual({ kind: "linked", provider: "oidc", next: "/settings" });
    expect(readOAuthOutcome("#error=oauth_denied&message=no&provider=oidc&next=%2F")).toEqual({
      kind: "error",
      code: "oauth_denied",
      message: "no",
      provider: "oidc",
    });
    expect(readOAuthOutcome("")).toEqual({ kind: "none" });
  });
});
