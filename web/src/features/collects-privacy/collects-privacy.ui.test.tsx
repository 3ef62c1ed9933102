import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { meKey, useViewer } from "@/entities/session";
import { sessionTokens } from "@/shared/api";
import { makeMe } from "@/test/fixtures";
import { apiError, mockApi } from "@/test/mock-api";
import { renderWithProviders, testQueryClient } from "@/test/render";
import { CollectsPrivacy } from "./collects-privacy.ui";

function Harness() {
  const { me } = useViewer();
  return me ? <CollectsPrivacy me={me} /> : null;
}

function setup(answer: (body: { collects_public?: boolean }) => Response | object) {
  sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
  const queryClient = testQueryClient();
  queryClient.setQueryData(meKey, makeMe());
  const api = mockApi({
    "PATCH /me": async (request) => answer((await request.json()) as { collects_public?: boolean }),
  });
  renderWithProviders(<Harness />, { queryClient });
  return { queryClient, ...api };
}

describe("CollectsPrivacy", () => {
  beforeEach(() => sessionTokens.set(null));

  it("is off by default and says only you see your bookmarks", () => {
    setup(() => makeMe());
    const toggle = screen.getByRole("switch", { name: "Show my bookmarks on my profile" });
    expect(toggle).not.toBeChecked();
    expect(toggle).toHaveAccessibleDescription(/Only you can see the posts you bookmark/);
  });

  it("switching it on sends only collects_public and explains who can see them now", async () => {
    const { seen, queryClient } = setup((body) => makeMe({ collects_public: body.collects_public }));
    fireEvent.click(screen.getByRole("switch", { name: "Show my bookmarks on my profile" }));
    await waitFor(() => expect(screen.getByRole("switch")).toBeChecked()); // before the server answers
    expect(await screen.findByText("Your bookmarks are now on your profile.")).toBeInTheDocument();
    expect(await seen[0]!.json()).toEqual({ collects_public: true });
    expect(screen.getByRole("switch")).toHaveAccessibleDescription(/Anyone who opens your profile, signed in or not/);
    expect(queryClient.getQueryData<{ collects_public: boolean }>(meKey)?.collects_public).toBe(true);
  });

  it("goes back if the server refuses, and says why", async () => {
    setup(() => apiError(429, "rate_limited", "slow down"));
    fireEvent.click(screen.getByRole("switch", { name: "Show my bookmarks on my profile" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Too many attempts.");
    await waitFor(() => expect(screen.getByRole("switch")).not.toBeChecked());
  });
});
