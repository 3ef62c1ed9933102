//! Code blocks in rendered markdown (posts, comments, the preview): a copy button on each, and
//! syntax highlighting from a chunk that is loaded the first time a page has a code block.
import { useEffect, type RefObject } from "react";

const COPIED_FOR_MS = 2000;

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // no permission or not a secure context
  }
}

function addCopyButton(pre: HTMLPreElement, code: HTMLElement) {
  if (pre.parentElement?.classList.contains("code-block")) return;
  const wrapper = document.createElement("div");
  wrapper.className = "code-block";
  pre.replaceWith(wrapper);
  wrapper.append(pre);
  const button = document.createElement("button");
  button.type = "button";
  button.className = "code-copy";
  button.dataset.action = "copy-code";
  button.textContent = "Copy";
  button.setAttribute("aria-label", "Copy code");
  const status = document.createElement("span");
  status.className = "sr-only";
  status.setAttribute("role", "status");
  let timer: number | undefined;
  button.addEventListener("click", () => {
    void copyText(code.textContent ?? "").then((copied) => {
      button.textContent = copied ? "Copied" : "Copy failed";
      status.textContent = copied ? "Code copied to the clipboard." : "Could not copy the code.";
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        button.textContent = "Copy";
        status.textContent = "";
      }, COPIED_FOR_MS);
    });
  });
  wrapper.append(button, status);
}

/** Adds the copy buttons at once and highlights once the highlighter has loaded. */
export async function enhanceCodeBlocks(root: HTMLElement): Promise<void> {
  const blocks = [...root.querySelectorAll<HTMLElement>("pre > code")];
  if (!blocks.length) return;
  for (const code of blocks) addCopyButton(code.parentElement as HTMLPreElement, code);
  try {
    const { highlightCode } = await import("./highlight");
    for (const code of blocks) if (code.isConnected) highlightCode(code);
  } catch {
    // The chunk did not load (offline, a new deploy): the code stays readable, just plain.
  }
}

/** Enhances the code blocks inside `ref` whenever `html` (what was rendered there) changes. */
export function useCodeBlocks(ref: RefObject<HTMLElement | null>, html: string) {
  useEffect(() => {
    if (ref.current && html) void enhanceCodeBlocks(ref.current);
  }, [ref, html]);
}
