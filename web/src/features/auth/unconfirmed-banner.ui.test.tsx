import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Me } from "@/shared/api";
import { apiError, mockApi } from "@/test/mock-api";
import { renderWithProviders } from "@/test/render";
import { UnconfirmedBanner } from "./unconfirmed-banner.ui";

const me = (confirmed: boolean) =>
  ({
    id: 3,
    name: "ann",
    email: "ann@example.com",
    confirmed,
  }) as Me;

describe("UnconfirmedBanner", () => {
  it("tells an unconfirmed writer before they write, and resends for the signed-in account", async () => {
    const { seen } = mockApi({ "POST /auth/confirm/resend": () => apiError(429, "rate_limited", "slow down") });
    renderWithProviders(<UnconfirmedBanner me={me(false)} />);
    expect(screen.getByText("Please confirm your email address to publish.")).toBeInTheDocument();
    expect(screen.getByText("ann@example.com")).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: /Send the email again/ }));
    expect(await screen.findByText("Too many attempts. Please wait a moment and try again.")).toBeInTheDocument();
    expect(await seen[0]!.json()).toEqual({});
  });

  it("is not there for a confirmed account", () => {
    const { container } = renderWithProviders(<UnconfirmedBanner me={me(true)} />);
    expect(container).toBeEmptyDOMElement();
  });
});
