import { beforeEach, describe, expect, it } from "vitest";
import { sessionTokens } from "@/shared/api";
import { makeMe } from "@/test/fixtures";
import { renderWithProviders, testQueryClient } from "@/test/render";
import { BanBanner } from "./ban-banner.ui";
import { meKey } from "./session.model";

function render(me: ReturnType<typeof makeMe>) {
  sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
  const queryClient = testQueryClient();
  queryClient.setQueryData(meKey, me);
  return renderWithProviders(<BanBanner />, { queryClient });
}

describe("BanBanner", () => {
  beforeEach(() => sessionTokens.set(null));

  it("says until when and why the account is banned, and what still works", () => {
    const { container } = render(makeMe({ ban: { reason: "Spam links", until: "2026-12-05T10:00:00Z" } }));
    const banner = container.querySelector("[data-ban-banner]")!;
    expect(banner).toHaveTextContent(/^Your account is banned until Dec 5, 2026, .+: Spam links/);
    expect(banner).toHaveTextContent("You can read and sign in, but not post, comment, like, follow or report until then.");
  });

  it("a ban for good says so", () => {
    const { container } = render(makeMe({ ban: { reason: "Abuse", until: null } }));
    expect(container.querySelector("[data-ban-banner]")).toHaveTextContent("Your account is banned for good: Abuse");
    expect(container.querySelector("[data-ban-banner]")).not.toHaveTextContent("until then");
  });

  it("is not there without a ban", () => {
    const { container } = render(makeMe());
    expect(container.querySelector("[data-ban-banner]")).toBeNull();
  });
});
