import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { sessionTokens, type KindSetting } from "@/shared/api";
import { seriousAxeViolations } from "@/test/axe";
import { apiError, mockApi } from "@/test/mock-api";
import { renderWithProviders } from "@/test/render";
import { NotificationSettingsTable } from "./notification-settings.ui";

const DEFAULTS: KindSetting[] = [
  { kind: "reply", in_app: true, mail: true },
  { kind: "mention", in_app: true, mail: true },
  { kind: "like", in_app: true, mail: false },
  { kind: "follow", in_app: true, mail: false },
];

function setup(save: (kinds: KindSetting[]) => Response | object | Promise<Response | object>) {
  sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
  const bodies: unknown[] = [];
  const api = mockApi({
    "GET /me/notification-settings": () => ({ kinds: DEFAULTS }),
    "PATCH /me/notification-settings": async (request) => {
      const body = (await request.json()) as { kinds: KindSetting[] };
      bodies.push(body);
      return save(body.kinds);
    },
  });
  const view = renderWithProviders(<NotificationSettingsTable />);
  return { ...api, ...view, bodies };
}

const merged = (kinds: KindSetting[]) => ({
  kinds: DEFAULTS.map((setting) => kinds.find((changed) => changed.kind === setting.kind) ?? setting),
});

describe("NotificationSettingsTable (Settings → Notifications)", () => {
  beforeEach(() => sessionTokens.set(null));

  it("is a table of kinds × In app / Email, each box named by its row and column", async () => {
    const { container } = setup(merged);
    const table = await screen.findByRole("table");
    expect(
      within(table)
        .getAllByRole("columnheader")
        .map((cell) => cell.textContent),
    ).toEqual(["Notify me about", "In app", "Email"]);
    expect(
      within(table)
        .getAllByRole("rowheader")
        .map((cell) => cell.querySelector(".notification-settings-kind")?.textContent),
    ).toEqual(["Replies", "Mentions", "Likes", "New followers"]);
    expect(screen.getByRole("checkbox", { name: "Replies by email" })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "Likes by email" })).not.toBeChecked();
    expect(screen.getByRole("checkbox", { name: "New followers in the app" })).toBeChecked();
    expect(await seriousAxeViolations(container)).toEqual([]);
  });

  it("saves a change at once with PATCH (that kind only) and says it was saved", async () => {
    const { bodies } = setup(merged);
    fireEvent.click(await screen.findByRole("checkbox", { name: "Likes by email" }));
    // Ticked before the server answers.
    await waitFor(() => expect(screen.getByRole("checkbox", { name: "Likes by email" })).toBeChecked());
    expect(await screen.findByText("Saved.")).toHaveAttribute("role", "status");
    expect(bodies).toEqual([{ kinds: [{ kind: "like", in_app: true, mail: true }] }]);
    expect(screen.getByRole("checkbox", { name: "Likes by email" })).toBeChecked();
  });

  it("two quick changes both stay: the first answer does not undo the second, still on its way", async () => {
    let saved = DEFAULTS;
    const gates: (() => void)[] = [];
    const { bodies } = setup(async (kinds) => {
      // The server saves in order and answers with everything saved so far.
      saved = merged(kinds).kinds.map((setting) =>
        kinds.some((changed) => changed.kind === setting.kind) ? setting : saved.find((old) => old.kind === setting.kind)!,
      );
      const answer = { kinds: saved };
      await new Promise<void>((resolve) => gates.push(resolve));
      return answer;
    });
    fireEvent.click(await screen.findByRole("checkbox", { name: "Replies by email" }));
    fireEvent.click(screen.getByRole("checkbox", { name: "Mentions in the app" }));
    await waitFor(() => expect(gates).toHaveLength(1)); // one at a time
    gates[0]!();
    await waitFor(() => expect(gates).toHaveLength(2));
    // The first answer came (it does not have the second change yet): the second box stays as clicked.
    expect(screen.getByRole("checkbox", { name: "Mentions in the app" })).not.toBeChecked();
    expect(screen.getByRole("checkbox", { name: "Replies by email" })).not.toBeChecked();
    gates[1]!();
    await screen.findByText("Saved.");
    expect(bodies).toEqual([
      { kinds: [{ kind: "reply", in_app: true, mail: false }] },
      { kinds: [{ kind: "mention", in_app: false, mail: true }] },
    ]);
    expect(screen.getByRole("checkbox", { name: "Mentions in the app" })).not.toBeChecked();
    expect(screen.getByRole("checkbox", { name: "Replies by email" })).not.toBeChecked();
  });

  it("a refused change goes back and says it was not saved", async () => {
    setup(() => apiError(429, "rate_limited", "slow down"));
    fireEvent.click(await screen.findByRole("checkbox", { name: "Replies in the app" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Your change was not saved. Too many attempts.");
    await waitFor(() => expect(screen.getByRole("checkbox", { name: "Replies in the app" })).toBeChecked());
    expect(screen.queryByText("Saved.")).toBeNull();
  });
});
