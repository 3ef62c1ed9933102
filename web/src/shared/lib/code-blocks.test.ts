import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { enhanceCodeBlocks } from "./code-blocks";

function mount(html: string) {
  const root = document.createElement("div");
  root.innerHTML = html;
  document.body.append(root);
  return root;
}

describe("enhanceCodeBlocks", () => {
  it("highlights a labelled block (only its own spans) and adds a copy button that copies the text", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    const root = mount(
      '<p>Look:</p><pre><code class="language-rust">fn main() { let x = "&lt;b&gt;"; }</code></pre><p><code>inline</code></p>',
    );
    await enhanceCodeBlocks(root);
    const code = root.querySelector("pre code") as HTMLElement;
    expect(code.dataset.highlighted).toBe("yes");
    expect(code.querySelector(".hljs-keyword")?.textContent).toBe("fn");
    expect(code.textContent).toBe('fn main() { let x = "<b>"; }');
    expect(code.querySelector("b")).toBeNull();
    for (const element of code.querySelectorAll("*")) expect(element.tagName).toBe("SPAN");
    // Inline code is left alone.
    expect(root.querySelectorAll(".code-copy")).toHaveLength(1);

    fireEvent.click(screen.getByRole("button", { name: "Copy code" }));
    await waitFor(() => expect(screen.getByRole("button", { name: "Copy code" })).toHaveTextContent("Copied"));
    expect(writeText).toHaveBeenCalledWith('fn main() { let x = "<b>"; }');
    expect(screen.getByRole("status")).toHaveTextContent("Code copied to the clipboard.");
  });

  it("runs once per block even when called again", async () => {
    const root = mount("<pre><code>plain text</code></pre>");
    await enhanceCodeBlocks(root);
    await enhanceCodeBlocks(root);
    expect(root.querySelectorAll(".code-copy")).toHaveLength(1);
  });
});
