import { fireEvent, screen, waitFor } from "@testing-library/react";
import { Route, Routes } from "react-router";
import { beforeEach, describe, expect, it } from "vitest";
import { sessionTokens } from "@/shared/api";
import { apiError, mockApi } from "@/test/mock-api";
import { renderWithProviders } from "@/test/render";
import { UnsubscribePage } from "./unsubscribe.page";

function open(path: string, answer: () => Response | object = () => ({ kind: "reply" })) {
  const tokens: (string | null)[] = [];
  const api = mockApi({
    "POST /notifications/unsubscribe": (request) => {
      tokens.push(new URL(request.url).searchParams.get("token"));
      return answer();
    },
  });
  renderWithProviders(
    <Routes>
      <Route path="/unsubscribe" element={<UnsubscribePage />} />
    </Routes>,
    { path },
  );
  return { ...api, tokens };
}

describe("UnsubscribePage", () => {
  beforeEach(() => sessionTokens.set(null));

  it("sends nothing when opened (mail scanners open links): the button does, once, signed out", async () => {
    const { tokens, seen, fetchMock } = open("/unsubscribe?token=tok-123&kind=reply");
    expect(screen.getByText("Stop emails about replies?")).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fetchMock).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole("button", { name: "Stop emails" }));
    const done = await screen.findByText("You won't get emails about replies any more.");
    expect(tokens).toEqual(["tok-123"]);
    expect(seen[0]!.headers.get("Authorization")).toBeNull();
    expect(screen.queryByRole("button", { name: "Stop emails" })).toBeNull();
    await waitFor(() => expect(done.closest("[data-unsubscribed]")).toHaveFocus());
    expect(screen.getByRole("link", { name: "Settings → Notifications" })).toHaveAttribute("href", "/settings#notifications");
  });

  it("a link that does not name the kind asks about notification emails; the answer names what stopped", async () => {
    open("/unsubscribe?token=t", () => ({ kind: "mention" }));
    expect(screen.getByText("Stop notification emails?")).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: "Stop emails" }));
    expect(await screen.findByText("You won't get emails about mentions any more.")).toBeInTheDocument();
  });

  it("a digest's link (no kind in the answer) stops every notification mail", async () => {
    open("/unsubscribe?token=t", () => ({ kind: null }));
    fireEvent.click(screen.getByRole("button", { name: "Stop emails" }));
    expect(await screen.findByText("You won't get notification emails any more.")).toBeInTheDocument();
  });

  it("a bad or expired link says so and points to the settings", async () => {
    open("/unsubscribe?token=old", () => apiError(422, "invalid_token", "this unsubscribe link is not valid"));
    fireEvent.click(screen.getByRole("button", { name: "Stop emails" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("This unsubscribe link is not valid any more.");
    expect(screen.getByRole("link", { name: "Settings → Notifications" })).toBeInTheDocument();
  });

  it("a link without its token says it is incomplete, with no button", () => {
    const { fetchMock } = open("/unsubscribe");
    expect(screen.getByText(/This unsubscribe link is incomplete/)).toBeInTheDocument();
    expect(screen.queryByRole("button")).toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
