import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { sessionTokens, type LinkedIdentities } from "@/shared/api";
import { leaveSite } from "@/shared/lib";
import { json, mockApi } from "@/test/mock-api";
import { renderWithProviders } from "@/test/render";
import { SignInMethods } from "./sign-in-methods.ui";

const providers = [
  { id: "github", name: "GitHub", kind: "github" },
  { id: "oidc", name: "Example ID", kind: "oidc" },
];
const githubIdentity = { provider: "github", login: "octocat", created_at: "2026-11-20T10:00:00Z" };

describe("SignInMethods", () => {
  beforeEach(() => sessionTokens.set({ accessToken: "access-a", refreshToken: "r", expiresAt: Date.now() + 60_000 }));

  it("lists the password and linked providers, and offers to link the others", async () => {
    mockApi({
      "GET /auth/oauth/providers": () => ({ providers }),
      "GET /me/identities": (): LinkedIdentities => ({ has_password: true, identities: [githubIdentity] }),
    });
    renderWithProviders(<SignInMethods />);
    const list = await screen.findByRole("list", { name: "Ways you sign in" });
    const rows = within(list).getAllByRole("listitem");
    expect(rows.map((row) => row.querySelector("strong")?.textContent)).toEqual(["Password", "GitHub"]);
    expect(rows[0]).toHaveTextContent("Set.");
    expect(rows[1]).toHaveTextContent("octocat · linked");
    expect(await screen.findByRole("button", { name: "Link Example ID" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Link GitHub" })).toBeNull();
  });

  it("links a provider through a start that carries the session's token and comes back to Settings", async () => {
    const assign = vi.spyOn(leaveSite, "assign").mockImplementation(() => {});
    const { seen } = mockApi({
      "GET /auth/oauth/providers": () => ({ providers }),
      "GET /me/identities": (): LinkedIdentities => ({ has_password: true, identities: [] }),
      "POST /auth/oauth/{provider}/start": () => ({ authorization_url: "http://127.0.0.1:9999/login/oauth/authorize?state=x" }),
    });
    renderWithProviders(<SignInMethods />);
    fireEvent.click(await screen.findByRole("button", { name: "Link GitHub" }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith("http://127.0.0.1:9999/login/oauth/authorize?state=x"));
    const start = seen.find((request) => request.method === "POST")!;
    expect(new URL(start.url).pathname).toBe("/api/v1/auth/oauth/github/start");
    expect(start.headers.get("Authorization")).toBe("Bearer access-a");
    expect(await start.json()).toEqual({ return_to: "/settings" });
  });

  it("asks before unlinking, and shows the server's message when it is the last way to sign in", async () => {
    const { seen } = mockApi({
      "GET /auth/oauth/providers": () => ({ providers }),
      "GET /me/identities": (): LinkedIdentities => ({ has_password: false, identities: [githubIdentity] }),
      "DELETE /me/identities/{provider}": () =>
        json(
          {
            error: {
              code: "last_sign_in_method",
              message: "this is your only way to sign in: set a password first (Forgot password mails a link)",
              fields: { provider: ["this is your only way to sign in: set a password first (Forgot password mails a link)"] },
            },
          },
          409,
        ),
    });
    renderWithProviders(<SignInMethods />);
    expect(await screen.findByText(/Not set\./)).toBeInTheDocument();
    fireEvent.click(await screen.findByRole("button", { name: "Unlink GitHub" }));
    // Nothing is sent until the second, explicit click.
    expect(seen.some((request) => request.method === "DELETE")).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Unlink GitHub" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("This is your only way to sign in. Set a password first (Forgot password emails you a link)");
    expect(within(alert).getByRole("link", { name: "Get a link to choose a password" })).toHaveAttribute(
      "href",
      "/forgot-password",
    );
    expect(seen.filter((request) => request.method === "DELETE").map((request) => new URL(request.url).pathname)).toEqual([
      "/api/v1/me/identities/github",
    ]);
    // Still linked.
    expect(within(screen.getByRole("list", { name: "Ways you sign in" })).getByText("GitHub")).toBeInTheDocument();
  });

  it("removes the row once unlinked, and offers to link it again", async () => {
    let identities = [githubIdentity];
    mockApi({
      "GET /auth/oauth/providers": () => ({ providers }),
      "GET /me/identities": (): LinkedIdentities => ({ has_password: true, identities }),
      "DELETE /me/identities/{provider}": () => {
        identities = [];
        return new Response(null, { status: 204 });
      },
    });
    renderWithProviders(<SignInMethods />);
    fireEvent.click(await screen.findByRole("button", { name: "Unlink GitHub" }));
    fireEvent.click(screen.getByRole("button", { name: "Unlink GitHub" }));
    expect(await screen.findByRole("button", { name: "Link GitHub" })).toBeInTheDocument();
    expect(within(screen.getByRole("list", { name: "Ways you sign in" })).getAllByRole("listitem")).toHaveLength(1);
  });
});
