import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { LikePostButton } from "@/features/like-post";
import { makeComment, makePost } from "@/test/fixtures";
import { mockApi } from "@/test/mock-api";
import { renderWithProviders } from "@/test/render";
import { LikeCommentButton } from "./like-comment.ui";

describe("like buttons", () => {
  it("draw one and the same icon for posts and comments", () => {
    mockApi({});
    const { container } = renderWithProviders(
      <>
        <LikePostButton post={makePost(1)} />
        <LikeCommentButton comment={makeComment(2)} />
      </>,
    );
    const icons = [...container.querySelectorAll("button svg")].map((svg) => svg.getAttribute("class"));
    expect(icons).toHaveLength(2);
    expect(icons[0]).toBe(icons[1]);
    expect(icons[0]).toContain("lucide-heart");
    // The name is the button's text (label hidden around the visible count), not an aria-label.
    const postLike = screen.getByRole("button", { name: "Like (1)" });
    expect(postLike).not.toHaveAttribute("aria-label");
    expect(postLike.querySelector("[data-count]")).toHaveTextContent("1");
    expect(screen.getByRole("button", { name: "Like comment (0)" })).toBeInTheDocument();
  });
});
