import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { meKey } from "@/entities/session";
import { sessionTokens, type StaffMember } from "@/shared/api";
import { seriousAxeViolations } from "@/test/axe";
import { makeMe, makeModlogEntry, makeUserSummary } from "@/test/fixtures";
import { apiError, mockApi, type Handler } from "@/test/mock-api";
import { renderInDataRouter, testQueryClient } from "@/test/render";
import { AdminPage } from "./admin.page";

function setup(routes: Record<string, Handler>, { me = makeMe({ role: "admin", name: "root" }) } = {}) {
  const queryClient = testQueryClient();
  sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
  queryClient.setQueryData(meKey, me);
  const api = mockApi(routes);
  return { ...api, ...renderInDataRouter(<AdminPage />, { path: "/admin", queryClient }) };
}

describe("AdminPage (/admin)", () => {
  beforeEach(() => sessionTokens.set(null));

  it("lists moderators and administrators; appoints by name and removes a moderator, the list asked again", async () => {
    let staff: StaffMember[] = [
      { user: makeUserSummary(5, "root"), role: "admin" },
      { user: makeUserSummary(3, "mod"), role: "moderator" },
    ];
    const calls: string[] = [];
    const { container } = setup({
      "GET /moderators": () => staff,
      "PUT /admin/moderators/{key}": (_request, params) => {
        calls.push(`PUT ${params.key}`);
        if (params.key === "nobody") return apiError(404, "not_found", "user not found");
        staff = [...staff, { user: makeUserSummary(9, params.key!), role: "moderator" }];
        return makeModlogEntry(1, { action: "appoint", target_user: makeUserSummary(9, params.key!) });
      },
      "DELETE /admin/moderators/{key}": (_request, params) => {
        calls.push(`DELETE ${params.key}`);
        staff = staff.filter((member) => String(member.user.id) !== params.key);
        return makeModlogEntry(2, { action: "unappoint" });
      },
    });
    const table = await screen.findByRole("table", { name: "Moderators and administrators" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((row) => row.getAttribute("data-role"))).toEqual(["admin", "moderator"]);
    // Administrators are not removed from here.
    expect(within(rows[0]!).queryByRole("button")).toBeNull();
    expect(await seriousAxeViolations(container)).toEqual([]);

    fireEvent.change(screen.getByLabelText("Appoint a moderator"), { target: { value: "nobody" } });
    fireEvent.click(screen.getByRole("button", { name: "Appoint" }));
    expect(await screen.findByText("There is nobody with that username.")).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText("Appoint a moderator"), { target: { value: "@eve" } });
    fireEvent.click(screen.getByRole("button", { name: "Appoint" }));
    expect(await screen.findByText("eve is a moderator now.")).toBeInTheDocument();
    await waitFor(() => expect(within(table).getAllByRole("row")).toHaveLength(4));

    fireEvent.click(screen.getByRole("button", { name: "Remove mod as moderator" }));
    fireEvent.click(screen.getByRole("button", { name: "Remove mod as moderator" }));
    await waitFor(() => expect(within(table).queryByText("mod")).toBeNull());
    expect(calls).toEqual(["PUT nobody", "PUT eve", "DELETE 3"]);
  });

  it("is for administrators only", async () => {
    const { seen } = setup({}, { me: makeMe({ role: "moderator" }) });
    expect(await screen.findByText("This page is for administrators only.")).toBeInTheDocument();
    expect(seen).toEqual([]);
  });
});
