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
