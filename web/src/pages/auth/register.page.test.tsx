import { fireEvent, screen, waitFor } from "@testing-library/react";
import { Route, Routes } from "react-router";
import { beforeEach, describe, expect, it } from "vitest";
import { sessionTokens } from "@/shared/api";
import { json, mockApi } from "@/test/mock-api";
import { renderWithProviders } from "@/test/render";
import { RegisterPage } from "./register.page";

const user = {
  id: 3,
  name: "newbie",
  nickname: "",
  email: "new@example.com",
  confirmed: false,
  avatar: "",
  avatar_small: "",
  bio: "",
  company: "",
  website: "",
  created_at: "2026-11-30T10:00:00Z",
  stats: { post_count: 0, follower_count: 0, following_count: 0 },
};

function fill() {
  fireEvent.change(screen.getByLabelText("Username"), { target: { value: "newbie" } });
  fireEvent.change(screen.getByLabelText("Email"), { target: { value: "new@example.com" } });
  fireEvent.change(screen.getByLabelText("Password"), { target: { value: "long enough pw" } });
  fireEvent.click(screen.getByRole("button", { name: "Create account" }));
}

function renderPage() {
  return renderWithProviders(
    <Routes>
      <Route path="/register" element={<RegisterPage />} />
      <Route path="/posts/:id" element={<h1>Back on the post</h1>} />
    </Routes>,
    { path: "/register?next=%2Fposts%2F4" },
  );
}

describe("RegisterPage", () => {
  beforeEach(() => sessionTokens.set(null));

  it("202: says check your inbox with the address, resends on request, offers sign-in; nobody is signed in", async () => {
    const { seen } = mockApi({
      "GET /auth/oauth/providers": () => ({ providers: [] }),
      "POST /auth/register": () => json({ status: "confirmation_sent", email: "new@example.com" }, 202),
      "POST /auth/confirm/resend": () => new Response(null, { status: 202 }),
    });
    renderPage();
    fill();
    const heading = await screen.findByRole("heading", { name: "Check your inbox" });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(screen.getByText("new@example.com")).toBeInTheDocument();
    expect(sessionTokens.get()).toBeNull();
    expect(screen.getByRole("link", { name: "sign in" })).toHaveAttribute("href", "/signin?next=%2Fposts%2F4");

    fireEvent.click(screen.getByRole("button", { name: /Send the email again/ }));
    expect(await screen.findByText(/Sent\. It can take a minute/)).toBeInTheDocument();
    const resend = seen.find((request) => request.url.endsWith("/auth/confirm/resend"))!;
    expect(await resend.json()).toEqual({ email: "new@example.com" });
  });

  it("201: signed in at once and back to the page the visitor came from", async () => {
    mockApi({
      "GET /auth/oauth/providers": () => ({ providers: [] }),
      "POST /auth/register": () =>
        json({ user, access_token: "a", refresh_token: "r", token_type: "Bearer", expires_in: 900 }, 201),
      "GET /me": () => user,
    });
    renderPage();
    fill();
    expect(await screen.findByRole("heading", { name: "Back on the post" })).toBeInTheDocument();
    expect(sessionTokens.get()).toMatchObject({ accessToken: "a" });
  });

  it("checks the fields against the spec's limits before sending, and focuses the first problem", async () => {
    const { seen } = mockApi({ "GET /auth/oauth/providers": () => ({ providers: [] }) });
    renderPage();
    fireEvent.change(screen.getByLabelText("Username"), { target: { value: "ab" } });
    fireEvent.click(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByText("Use at least 3 characters.")).toBeInTheDocument();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText("Username")));
    expect(screen.getByLabelText("Password")).toHaveAttribute("aria-invalid", "true");
    expect(seen.filter((request) => request.method === "POST")).toHaveLength(0);
  });
});
