import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { applyTheme } from "@/shared/lib";
import { ThemeSwitch } from "./theme-switch.ui";

describe("ThemeSwitch", () => {
  it("offers System, Light and Dark; the choice is applied to <html> and remembered", () => {
    render(<ThemeSwitch />);
    expect(screen.getByRole("radio", { name: "System" })).toBeChecked();
    fireEvent.click(screen.getByRole("radio", { name: "Dark" }));
    expect(document.documentElement).toHaveAttribute("data-theme", "dark");
    expect(localStorage.getItem("tidings.theme")).toBe("dark");
    expect(screen.getByRole("radio", { name: "Dark" })).toBeChecked();

    // A new page load applies the remembered choice before rendering.
    document.documentElement.removeAttribute("data-theme");
    applyTheme();
    expect(document.documentElement).toHaveAttribute("data-theme", "dark");

    fireEvent.click(screen.getByRole("radio", { name: "System" }));
    expect(document.documentElement).not.toHaveAttribute("data-theme");
    expect(localStorage.getItem("tidings.theme")).toBeNull();
  });
});
