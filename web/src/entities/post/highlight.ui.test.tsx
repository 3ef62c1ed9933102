import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { highlightNodes } from "./highlight.ui";

const html = (source: string) => render(<span>{highlightNodes(source)}</span>).container.firstElementChild!.innerHTML;

describe("highlightNodes", () => {
  it("keeps <b> around matches and the text around them", () => {
    expect(html("Rust <b>tidings</b> &amp; more")).toBe("Rust <b>tidings</b> &amp; more");
  });

  it("keeps only the text of any other element, attributes and scripts included", () => {
    expect(html('<b onclick="x()">a</b><img src=x onerror="alert(1)"><i>b</i><script>alert(2)</script>')).toBe("<b>a</b>b");
    expect(html("<b><a href='javascript:x'>c</a></b>")).toBe("<b>c</b>");
  });
});
