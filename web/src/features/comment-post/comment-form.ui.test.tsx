import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { mockApi } from "@/test/mock-api";
import { renderWithProviders } from "@/test/render";
import { CommentForm } from "./comment-form.ui";

describe("CommentForm", () => {
  it("describes the box with a markdown hint", () => {
    mockApi({});
    renderWithProviders(<CommentForm postId={1} />);
    const box = screen.getByLabelText("Add a comment");
    const hintId = box.getAttribute("aria-describedby")!.split(" ")[0]!;
    expect(document.getElementById(hintId)).toHaveTextContent("Markdown works: **bold**");
  });

  it("previews the markdown, sanitised, and follows the text as it changes", async () => {
    mockApi({});
    renderWithProviders(<CommentForm postId={1} />);
    const box = screen.getByLabelText("Add a comment");
    fireEvent.change(box, {
      target: { value: "Some **bold** and `get_or_create`<img src=x onerror=alert(1)><script>x()</script>" },
    });
    const toggle = screen.getByRole("button", { name: "Preview" });
    expect(toggle).toHaveAttribute("aria-pressed", "false");
    fireEvent.click(toggle);
    expect(toggle).toHaveAttribute("aria-pressed", "true");
    const preview = screen.getByRole("region", { name: "Preview of your comment" });
    await waitFor(() => expect(preview.querySelector("strong")).toHaveTextContent("bold"));
    expect(preview.querySelector("code")).toHaveTextContent("get_or_create");
    expect(preview.querySelector("script")).toBeNull();
    expect(preview.querySelector("img")?.getAttribute("onerror")).toBeFalsy();
    // The box stays where it is: the preview is shown under it.
    expect(box).toBeVisible();
    fireEvent.change(box, { target: { value: "now _italic_" } });
    await waitFor(() => expect(preview.querySelector("em")).toHaveTextContent("italic"));
    fireEvent.click(toggle);
    expect(screen.queryByRole("region", { name: "Preview of your comment" })).toBeNull();
  });

  it("says when there is nothing to preview", async () => {
    mockApi({});
    renderWithProviders(<CommentForm postId={1} />);
    fireEvent.click(screen.getByRole("button", { name: "Preview" }));
    expect(await screen.findByText("Nothing to preview yet.")).toBeInTheDocument();
  });
});
