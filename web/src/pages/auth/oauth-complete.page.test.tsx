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
    expect(alert).toHaveTextContent("This sign-in link expired or was used already. Please sign in again.");
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

  it("shows our own text for an error code, not the message the link carried", async () => {
    const { seen } = mockApi({
      "GET /auth/oauth/providers": () => ({ providers: [{ id: "github", name: "GitHub", kind: "github" }] }),
    });
    renderComplete(
      "#error=oauth_email_taken&message=an+account+with+octo%40example.com+exists%3A+sign+in+with+your+password%2C+then+link+GitHub+in+Settings&provider=github&next=%2F",
    );
    expect(
      await screen.findByRole("heading", { level: 1, name: "That email address already has an account" }),
    ).toBeInTheDocument();
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent(
      "The email address of your GitHub account already belongs to an account here. Sign in with your password, then link GitHub in Settings.",
    );
    expect(screen.queryByText(/octo@example\.com/)).toBeNull();
    // Signing in with the password leads on to Settings, where GitHub can be linked.
    expect(screen.getByRole("link", { name: "Sign in with your password" })).toHaveAttribute("href", "/signin?next=%2Fsettings");
    expect(within(document.body).queryByRole("link", { name: "Back to settings" })).toBeNull();
    // Only the provider names were asked for (twice under StrictMode): no code to trade.
    expect(new Set(seen.map((request) => new URL(request.url).pathname))).toEqual(new Set(["/api/v1/auth/oauth/providers"]));
    expect(window.location.hash).toBe("");
  });

  it("never shows a crafted message for oauth_state_invalid", async () => {
    mockApi({ "GET /auth/oauth/providers": () => ({ providers: [] }) });
    const crafted = "Your account is locked. Call +1 555 0100 or go to https://evil.example/restore";
    renderComplete(`#error=oauth_state_invalid&message=${encodeURIComponent(crafted)}&provider=oidc`);
    expect(await screen.findByRole("heading", { level: 1, name: "This sign-in link is not valid" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent(
      "It has expired, was used already, or was started in another browser. Please start again.",
    );
    expect(document.body).not.toHaveTextContent(/locked|555 0100|evil\.example/);
    expect(document.title).toBe("This sign-in link is not valid · Tidings");
    expect(screen.getByRole("link", { name: "Back to sign in" })).toHaveAttribute("href", "/signin");
  });

  it("gives an unknown code and an unknown provider only our general words", async () => {
    mockApi({ "GET /auth/oauth/providers": () => ({ providers: [{ id: "github", name: "GitHub", kind: "github" }] }) });
    renderComplete("#error=account_recovery&message=Send+your+password+to+support%40evil.example&provider=EvilCorp");
    expect(await screen.findByRole("heading", { level: 1, name: "Sign-in did not complete" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("You are not signed in. Please try again, or sign in another way.");
    expect(document.body).not.toHaveTextContent(/evil|EvilCorp|password to/i);
  });

  it("quotes the provider's reason for oauth_denied, on one line and cut to 200 characters", async () => {
    mockApi({
      "GET /auth/oauth/providers": () => ({ providers: [{ id: "oidc", name: "Example ID", kind: "oidc" }] }),
    });
    const reason = `Example ID did not sign you in: the user said no\n${"x".repeat(400)}`;
    renderComplete(`#error=oauth_denied&message=${encodeURIComponent(reason)}&provider=oidc`);
    expect(await screen.findByRole("heading", { level: 1, name: "Example ID did not sign you in" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent(
      "The sign-in was cancelled there, or Example ID refused it. You can try again, or sign in another way.",
    );
    const quote = document.querySelector(".oauth-detail q");
    expect(quote?.parentElement).toHaveTextContent(/^Reason given:/);
    expect(quote?.textContent).toMatch(/^Example ID did not sign you in: the user said no x+…$/);
    expect(Array.from(quote?.textContent ?? "")).toHaveLength(200);
  });

  it("quotes the reason for oauth_failed, with a generic name for a provider the server does not offer", async () => {
    mockApi({ "GET /auth/oauth/providers": () => apiError(503, "internal_error", "down") });
    renderComplete("#error=oauth_failed&message=the+provider+sent+no+code&provider=somewhere");
    expect(await screen.findByRole("heading", { level: 1, name: "Sign-in did not complete" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent(
      "The sign-in provider could not confirm who you are, so you are not signed in.",
    );
    expect(document.querySelector(".oauth-detail q")).toHaveTextContent("the provider sent no code");
    expect(document.body).not.toHaveTextContent(/somewhere/);
  });

  it("offers registering with a password when the provider shared no verified email", async () => {
    mockApi({ "GET /auth/oauth/providers": () => ({ providers: [{ id: "github", name: "GitHub", kind: "github" }] }) });
    renderComplete("#error=oauth_email_missing&message=x&provider=github");
    expect(await screen.findByRole("heading", { level: 1, name: "No verified email address" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("Add one to your GitHub account and try again");
    expect(screen.getByRole("link", { name: "Register with a password" })).toHaveAttribute("href", "/register");
    expect(document.querySelector(".oauth-detail")).toBeNull();
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

  it("keeps a message to one line of at most 200 characters", () => {
    const outcome = readOAuthOutcome(`#error=oauth_failed&message=${encodeURIComponent(`a\r\n\tb ${"é".repeat(300)}`)}`);
    expect(outcome.kind === "error" && outcome.message).toBe(`a b ${"é".repeat(195)}…`);
  });
});
