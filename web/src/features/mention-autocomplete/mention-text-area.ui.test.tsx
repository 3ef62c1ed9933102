import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import type { UserSuggestion } from "@/shared/api";
import { seriousAxeViolations } from "@/test/axe";
import { mockApi } from "@/test/mock-api";
import { renderWithProviders } from "@/test/render";
import { MentionTextArea } from "./mention-text-area.ui";

const person = (id: number, name: string, display_name = name): UserSuggestion => ({ id, name, display_name, avatar_small: "" });
const PEOPLE: Record<string, UserSuggestion[]> = {
  a: [person(1, "alice", "Alice"), person(2, "al_bundy"), person(3, "alison")],
  al: [person(1, "alice", "Alice"), person(2, "al_bundy"), person(3, "alison")],
  ali: [person(1, "alice", "Alice"), person(3, "alison")],
  bo: [person(4, "bob", "Bob")],
};

function Harness({ initial = "" }: { initial?: string }) {
  const [text, setText] = useState(initial);
  return (
    <>
      <label htmlFor="box">Add a comment</label>
      <MentionTextArea id="box" value={text} onValueChange={setText} />
      <p data-testid="value">{text}</p>
    </>
  );
}

function setup(answer: (prefix: string, request: Request) => unknown = (prefix) => PEOPLE[prefix] ?? []) {
  const asked: string[] = [];
  const api = mockApi({
    "GET /user-suggestions": (request) => {
      const params = new URL(request.url).searchParams;
      asked.push(`${params.get("prefix")}:${params.get("limit")}`);
      return answer(params.get("prefix")!, request);
    },
  });
  const view = renderWithProviders(<Harness />);
  const box = screen.getByLabelText("Add a comment") as HTMLTextAreaElement;
  return { ...api, ...view, asked, box, user: userEvent.setup() };
}

const options = () => screen.getAllByRole("option").map((option) => option.getAttribute("data-mention-name"));

describe("MentionTextArea", () => {
  it("is a combobox; `@` and letters after a space open a listbox of people, asked once after typing pauses", async () => {
    const { box, user, asked, container } = setup();
    expect(box).toHaveAttribute("role", "combobox");
    expect(box).toHaveAttribute("aria-expanded", "false");
    expect(box).toHaveAccessibleName("Add a comment");
    await user.type(box, "Thanks @al");
    const list = await screen.findByRole("listbox", { name: "People to mention" });
    expect(options()).toEqual(["alice", "al_bundy", "alison"]);
    expect(asked).toEqual(["al:6"]); // not "a" as well: the request waits for the typing to pause
    expect(box).toHaveAttribute("aria-expanded", "true");
    expect(box).toHaveAttribute("aria-controls", list.id);
    const first = screen.getAllByRole("option")[0]!;
    expect(box).toHaveAttribute("aria-activedescendant", first.id);
    expect(first).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("status")).toHaveTextContent("3 people to mention");
    expect(await seriousAxeViolations(container)).toEqual([]);
  });

  it("ArrowDown and Enter take the marked person: the typed fragment becomes `@name `", async () => {
    const { box, user } = setup();
    await user.type(box, "Thanks @al");
    await screen.findByRole("listbox");
    await user.keyboard("{ArrowDown}");
    expect(screen.getAllByRole("option")[1]).toHaveAttribute("aria-selected", "true");
    expect(box.getAttribute("aria-activedescendant")).toBe(screen.getAllByRole("option")[1]!.id);
    await user.keyboard("{Enter}");
    expect(box).toHaveValue("Thanks @al_bundy ");
    expect(box.selectionStart).toBe("Thanks @al_bundy ".length);
    expect(screen.queryByRole("listbox")).toBeNull();
    expect(box).toHaveAttribute("aria-expanded", "false");
    // Typing goes on after it.
    await user.keyboard("hi");
    expect(box).toHaveValue("Thanks @al_bundy hi");
  });

  it("ArrowUp wraps to the last; Tab takes it too; a click takes one", async () => {
    const { box, user } = setup();
    await user.type(box, "@al");
    await screen.findByRole("listbox");
    await user.keyboard("{ArrowUp}");
    expect(screen.getAllByRole("option")[2]).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{Tab}");
    expect(box).toHaveValue("@alison ");
    expect(box).toHaveFocus();

    await user.type(box, "and @bo");
    await screen.findByRole("option", { name: /Bob/ });
    fireEvent.mouseDown(screen.getByRole("option", { name: /Bob/ }));
    fireEvent.click(screen.getByRole("option", { name: /Bob/ }));
    expect(box).toHaveValue("@alison and @bob ");
  });

  it("Escape closes the list and keeps the text; Enter is then a new line", async () => {
    const { box, user } = setup();
    await user.type(box, "@al");
    await screen.findByRole("listbox");
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("listbox")).toBeNull();
    expect(box).toHaveValue("@al");
    await user.keyboard("i");
    // Still the same @: it stays closed.
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(screen.queryByRole("listbox")).toBeNull();
    await user.keyboard("{Enter}");
    expect(box).toHaveValue("@ali\n");
  });

  it("offers nothing after an @ inside a word (an address) or with no letter yet", async () => {
    const { box, user, asked } = setup();
    await user.type(box, "write to ann@al");
    await user.type(box, " @");
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(asked).toEqual([]);
    expect(screen.queryByRole("listbox")).toBeNull();
  });

  it("cancels a request for letters typed over, and never shows its answer", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const signals: AbortSignal[] = [];
    const { box, user, asked } = setup(async (prefix, request) => {
      if (prefix === "al") {
        signals.push(request.signal);
        await gate;
        return [person(9, "alfred")];
      }
      return PEOPLE[prefix] ?? [];
    });
    await user.type(box, "@al");
    await waitFor(() => expect(asked).toEqual(["al:6"]));
    await user.type(box, "i");
    await screen.findByRole("option", { name: /alison/ });
    expect(asked).toEqual(["al:6", "ali:6"]);
    expect(signals[0]!.aborted).toBe(true);
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(options()).toEqual(["alice", "alison"]);
  });
});
