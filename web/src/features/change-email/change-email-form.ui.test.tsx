import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { sessionTokens } from "@/shared/api";
import { makeMe } from "@/test/fixtures";
import { apiError, json, mockApi } from "@/test/mock-api";
import { renderWithProviders } from "@/test/render";
import { ChangeEmailForm } from "./change-email-form.ui";

function fill(email: string, password = "correct horse") {
  fireEvent.change(screen.getByLabelText("New email address"), { target: { value: email } });
  fireEvent.change(screen.getByLabelText("Your password"), { target: { value: password } });
  fireEvent.click(screen.getByRole("button", { name: "Send confirmation link" }));
}

describe("ChangeEmailForm", () => {
  beforeEach(() => sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 }));

  it("sends the new address with the password, then says where the link went and that nothing changed yet", async () => {
    const { seen } = mockApi({
      "POST /me/email": () => json({ status: "confirmation_sent", email: "ann@new.example" }, 202),
    });
    renderWithProviders(<ChangeEmailForm me={makeMe()} hasPassword />);
    expect(screen.getByText("ann@example.com")).toBeInTheDocument();
    fill(" ann@new.example ");
    const status = await screen.findByRole("status");
    expect(status).toHaveTextContent("Check your inbox at ann@new.example");
    expect(status).toHaveTextContent("Until then your address stays ann@example.com");
    expect(await seen[0]!.json()).toEqual({ email: "ann@new.example", password: "correct horse" });
    expect(screen.getByLabelText("Your password")).toHaveValue("");
  });

  it("a wrong password is shown on the password field, focused", async () => {
    mockApi({
      "POST /me/email": () => apiError(422, "wrong_password", "the password is wrong", { password: ["the password is wrong"] }),
    });
    renderWithProviders(<ChangeEmailForm me={makeMe()} hasPassword />);
    fill("ann@new.example", "nope");
    const password = screen.getByLabelText("Your password");
    await waitFor(() => expect(password).toHaveAttribute("aria-invalid", "true"));
    expect(password).toHaveAccessibleDescription(/That is not your password\./);
    await waitFor(() => expect(password).toHaveFocus());
    expect(screen.getByLabelText("New email address")).not.toHaveAttribute("aria-invalid");
  });

  it("a taken address (409) is shown on the address field in this form's words", async () => {
    mockApi({ "POST /me/email": () => apiError(409, "email_taken", "email already registered") });
    renderWithProviders(<ChangeEmailForm me={makeMe()} hasPassword />);
    fill("bob@example.com");
    const email = screen.getByLabelText("New email address");
    await waitFor(() => expect(email).toHaveAttribute("aria-invalid", "true"));
    expect(email).toHaveAccessibleDescription("Another account already uses this address.");
    expect(screen.queryByText(/Sign in instead/)).toBeNull();
  });

  it("the server's validation message for the address is shown on it; 429 is a general message", async () => {
    let answer = apiError(422, "validation_failed", "invalid", { email: ["must be an email address"] });
    mockApi({ "POST /me/email": () => answer });
    renderWithProviders(<ChangeEmailForm me={makeMe()} hasPassword />);
    fill("ann@new");
    await waitFor(() =>
      expect(screen.getByLabelText("New email address")).toHaveAccessibleDescription(
        "Enter an email address like name@example.com.",
      ),
    );
    answer = apiError(429, "rate_limited", "slow down");
    fireEvent.click(screen.getByRole("button", { name: "Send confirmation link" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Too many attempts. Please wait a moment and try again.");
  });

  it("the server's same_email is on the address; password_required offers a link to choose one", async () => {
    let answer = apiError(422, "same_email", "that is already your address");
    mockApi({ "POST /me/email": () => answer });
    renderWithProviders(<ChangeEmailForm me={makeMe({ email: "old@example.com" })} hasPassword />);
    fill("Ann@Example.com");
    await waitFor(() =>
      expect(screen.getByLabelText("New email address")).toHaveAccessibleDescription("That is your address already."),
    );
    answer = apiError(422, "password_required", "set a password first");
    fireEvent.click(screen.getByRole("button", { name: "Send confirmation link" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("you have not set one yet");
    expect(screen.getByRole("link", { name: "Get a link to choose a password" })).toHaveAttribute("href", "/forgot-password");
  });

  it("checks before sending: the same address, no address, no password", async () => {
    const { seen } = mockApi({});
    renderWithProviders(<ChangeEmailForm me={makeMe()} hasPassword />);
    fill("ANN@example.com");
    await waitFor(() =>
      expect(screen.getByLabelText("New email address")).toHaveAccessibleDescription("That is your address already."),
    );
    fill("", "");
    await waitFor(() => expect(screen.getByLabelText("Your password")).toHaveAccessibleDescription(/Enter your password\./));
    expect(seen).toHaveLength(0);
  });

  it("an account without a password is shown how to set one instead of a form it cannot use", () => {
    mockApi({});
    renderWithProviders(<ChangeEmailForm me={makeMe()} hasPassword={false} />);
    expect(screen.queryByLabelText("New email address")).toBeNull();
    expect(screen.getByRole("link", { name: "get a link to choose one" })).toHaveAttribute("href", "/forgot-password");
  });
});
