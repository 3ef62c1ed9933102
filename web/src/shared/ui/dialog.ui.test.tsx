import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { Dialog } from "./dialog.ui";

function Opener() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      {open ? (
        <Dialog title="Remove this post?" onClose={() => setOpen(false)}>
          <input aria-label="First" />
          <textarea aria-label="Reason" data-autofocus="" />
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </Dialog>
      ) : null}
    </>
  );
}

function open() {
  render(<Opener />);
  const button = screen.getByRole("button", { name: "Open" });
  button.focus();
  fireEvent.click(button);
  return screen.getByRole("dialog", { name: "Remove this post?" });
}

describe("Dialog", () => {
  it("is a modal named by its heading; focus goes to the marked field, and back to the opener on close", () => {
    const dialog = open();
    expect(dialog).toHaveAttribute("aria-modal", "true");
    expect(screen.getByLabelText("Reason")).toHaveFocus();
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(screen.getByRole("button", { name: "Open" })).toHaveFocus();
  });

  it("Tab and Shift+Tab wrap around inside it", () => {
    const dialog = open();
    const cancel = screen.getByRole("button", { name: "Cancel" });
    cancel.focus();
    fireEvent.keyDown(dialog, { key: "Tab" });
    expect(screen.getByLabelText("First")).toHaveFocus();
    fireEvent.keyDown(dialog, { key: "Tab", shiftKey: true });
    expect(cancel).toHaveFocus();
  });

  it("Escape closes it even when focus fell out of it (a disabled button loses focus), and Tab brings focus back", () => {
    open();
    (document.activeElement as HTMLElement).blur();
    expect(document.body).toHaveFocus();
    fireEvent.keyDown(document.body, { key: "Tab" });
    expect(screen.getByLabelText("Reason")).toHaveFocus();
    (document.activeElement as HTMLElement).blur();
    fireEvent.keyDown(document.body, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
