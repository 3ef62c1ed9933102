import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { meKey } from "@/entities/session";
import { sessionTokens } from "@/shared/api";
import { seriousAxeViolations } from "@/test/axe";
import { makeMe } from "@/test/fixtures";
import { apiError, json, mockApi } from "@/test/mock-api";
import { renderWithProviders, testQueryClient } from "@/test/render";
import { Toasts } from "@/shared/ui";
import { ReportButton } from "./report-button.ui";

function setup(answer: (body: unknown) => Response | object, { me = makeMe() } = {}) {
  sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
  const queryClient = testQueryClient();
  queryClient.setQueryData(meKey, me);
  const bodies: unknown[] = [];
  const api = mockApi({
    "POST /reports": async (request) => {
      const body = await request.json();
      bodies.push(body);
      return answer(body);
    },
  });
  const view = renderWithProviders(
    <>
      <ReportButton target={{ kind: "post", id: 12 }} authorId={6} subject="this post" />
      <Toasts />
    </>,
    { queryClient },
  );
  return { ...api, ...view, bodies };
}

const openDialog = () => {
  const button = screen.getByRole("button", { name: "Report this post" });
  button.focus(); // as a click does in a browser
  fireEvent.click(button);
  return screen.getByRole("dialog", { name: "Report this post" });
};

describe("ReportButton and its dialog", () => {
  beforeEach(() => sessionTokens.set(null));

  it("asks what is wrong (six kinds) and sends kind and details; says thanks and closes", async () => {
    const { bodies } = setup(() => json({ id: 1, status: "open", created_at: "2026-11-26T10:00:00Z" }, 201));
    const dialog = openDialog();
    // Focus goes into the dialog, on the first choice.
    expect(within(dialog).getByRole("radio", { name: "Spam" })).toHaveFocus();
    expect(
      within(dialog)
        .getAllByRole("radio")
        .map((radio) => radio.getAttribute("value")),
    ).toEqual(["spam", "harassment", "hate", "explicit", "illegal", "other"]);
    expect(await seriousAxeViolations(dialog)).toEqual([]);
    fireEvent.click(within(dialog).getByRole("radio", { name: "Harassment" }));
    fireEvent.change(within(dialog).getByLabelText("Details"), { target: { value: "  insults in every reply  " } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Send report" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(bodies).toEqual([{ target_kind: "post", target_id: 12, kind: "harassment", reason: "insults in every reply" }]);
    expect(await screen.findByText(/your report was sent to the moderators/)).toBeInTheDocument();
    // Back on the button that opened it.
    expect(screen.getByRole("button", { name: "Report this post" })).toHaveFocus();
  });

  it("checks before sending: a kind is chosen, and “Something else” needs details", async () => {
    const { bodies } = setup(() => json({ id: 1, status: "open", created_at: "" }, 201));
    const dialog = openDialog();
    fireEvent.click(within(dialog).getByRole("button", { name: "Send report" }));
    expect(await within(dialog).findByText("Choose what is wrong.")).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole("radio", { name: "Something else" }));
    expect(within(dialog).getByText(/Required: say what is wrong/)).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole("button", { name: "Send report" }));
    expect(await within(dialog).findByText("This field is required.")).toBeInTheDocument();
    expect(within(dialog).getByLabelText("Details")).toHaveAttribute("aria-invalid", "true");
    expect(bodies).toEqual([]);
  });

  it.each([
    [
      apiError(409, "already_reported", "you reported this already", { target_id: ["you reported this already"] }),
      "You already reported this. A moderator will look at it.",
    ],
    [apiError(429, "rate_limited", "slow down"), "Too many attempts. Please wait a moment and try again."],
    [
      apiError(403, "banned", "banned", { until: ["2026-12-05T10:00:00Z"], reason: ["spam links"] }),
      /^Your account is banned until Dec 5, 2026.*: spam links$/,
    ],
  ])("shows the server's refusal in the dialog, which stays open (%#)", async (answer, message) => {
    setup(() => answer);
    const dialog = openDialog();
    fireEvent.click(within(dialog).getByRole("radio", { name: "Spam" }));
    fireEvent.click(within(dialog).getByRole("button", { name: "Send report" }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert.textContent).toMatch(message);
    // Named once: not again as a field of its own.
    expect(alert.querySelector("ul")).toBeNull();
    expect(screen.getByRole("dialog")).toBeInTheDocument();
  });

  it("Escape closes it without sending", () => {
    const { bodies } = setup(() => ({}));
    const dialog = openDialog();
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(bodies).toEqual([]);
  });

  it("is not offered on your own content, nor to visitors", () => {
    setup(() => ({}), { me: makeMe({ id: 6 }) });
    expect(screen.queryByRole("button", { name: /Report/ })).toBeNull();
  });
});
