import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { sessionTokens } from "@/shared/api";
import { leaveSite } from "@/shared/lib";
import { apiError, json, mockApi } from "@/test/mock-api";
import { renderWithProviders } from "@/test/render";
import { OAuthButtons } from "./oauth-buttons.ui";

const github = { id: "github", name: "GitHub", kind: "github" };
const exampleId = { id: "oidc", name: "Example ID", kind: "oidc" };

describe("OAuthButtons", () => {
  beforeEach(() => sessionTokens.set(null));

  it("shows nothing when the server has no provider configured", async () => {
    const { seen } = mockApi({ "GET /auth/oauth/providers": () => ({ providers: [] }) });
    const { container } = renderWithProviders(<OAuthButtons verb="Sign in" returnTo="/" />);
    await waitFor(() => expect(seen).toHaveLength(1));
    // Give the answer a tick to render; still nothing, not even the "or" divider.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(container).toBeEmptyDOMElement();
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("shows one button per provider; a click starts at the server, then leaves for the provider", async () => {
    const assign = vi.spyOn(leaveSite, "assign").mockImplementation(() => {});
    let answer: (response: Response) => void = () => {};
    const { seen } = mockApi({
      "GET /auth/oauth/providers": () => ({ providers: [github, exampleId] }),
      "POST /auth/oauth/{provider}/start": () =>
        new Promise<Response>((resolve) => {
          answer = resolve;
        }),
    });
    renderWithProviders(<OAuthButtons verb="Sign in" returnTo="/posts/12" />);
    const githubButton = await screen.findByRole("button", { name: "Sign in with GitHub" });
    const oidcButton = screen.getByRole("button", { name: "Sign in with Example ID" });
    expect(githubButton.querySelector("svg")).not.toBeNull();

    fireEvent.click(oidcButton);
    // Pending: the clicked button says what is happening and no second round trip can start.
    expect(await screen.findByRole("button", { name: "Opening Example ID…" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Sign in with GitHub" })).toBeDisabled();

    answer(json({ authorization_url: "http://127.0.0.1:9999/authorize?client_id=tidings&state=s" }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith("http://127.0.0.1:9999/authorize?client_id=tidings&state=s"));
    const start = seen.find((request) => request.method === "POST")!;
    expect(new URL(start.url).pathname).toBe("/api/v1/auth/oauth/oidc/start");
    expect(await start.json()).toEqual({ return_to: "/posts/12" });
    expect(start.headers.get("Authorization")).toBeNull();
  });

  it("says 'Sign up with' on the register page", async () => {
    mockApi({ "GET /auth/oauth/providers": () => ({ providers: [github, exampleId] }) });
    renderWithProviders(<OAuthButtons verb="Sign up" returnTo="/" />);
    expect(await screen.findByRole("button", { name: "Sign up with GitHub" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sign up with Example ID" })).toBeInTheDocument();
    expect(screen.getByText("or sign up with")).toBeInTheDocument();
  });

  it("shows why the round trip could not start, and lets the person try again", async () => {
    const assign = vi.spyOn(leaveSite, "assign").mockImplementation(() => {});
    mockApi({
      "GET /auth/oauth/providers": () => ({ providers: [exampleId] }),
      "POST /auth/oauth/{provider}/start": () => apiError(503, "service_unavailable", "the sign-in provider is not answering"),
    });
    renderWithProviders(<OAuthButtons verb="Sign in" returnTo="/" />);
    fireEvent.click(await screen.findByRole("button", { name: "Sign in with Example ID" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The sign-in provider is not answering right now.");
    expect(screen.getByRole("button", { name: "Sign in with Example ID" })).toBeEnabled();
    expect(assign).not.toHaveBeenCalled();
  });

  it("refuses an authorization address that is not http(s)", async () => {
    const assign = vi.spyOn(leaveSite, "assign").mockImplementation(() => {});
    mockApi({
      "GET /auth/oauth/providers": () => ({ providers: [github] }),
      "POST /auth/oauth/{provider}/start": () => ({ authorization_url: "javascript:alert(1)" }),
    });
    renderWithProviders(<OAuthButtons verb="Sign in" returnTo="/" />);
    fireEvent.click(await screen.findByRole("button", { name: "Sign in with GitHub" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("invalid sign-in address");
    expect(assign).not.toHaveBeenCalled();
  });
});
