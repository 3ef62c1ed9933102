import type { ReactNode } from "react";

/** Elements whose text is not prose: dropped with their text. */
const NOT_PROSE = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "IFRAME", "OBJECT", "SVG", "MATH", "TEXTAREA"]);

/**
 * A search highlight (`title_html`, `snippet_html`) as React text: the server escapes everything
 * but the `<b>` around matched words; here the markup is parsed inert (a `<template>` runs no
 * script and loads nothing) and only text and `<b>` come out, so no HTML string is ever inserted
 * and no sanitiser library has to be in the first chunk. Any other element keeps only its
 * text (none for script, style and the like).
 */
export function highlightNodes(html: string): ReactNode[] {
  const template = document.createElement("template");
  template.innerHTML = html;
  const nodes: ReactNode[] = [];
  template.content.childNodes.forEach((node, index) => {
    if (node.nodeType === Node.TEXT_NODE) nodes.push(node.textContent ?? "");
    else if (node.nodeName === "B") nodes.push(<b key={index}>{node.textContent}</b>);
    else if (node.nodeType === Node.ELEMENT_NODE && !NOT_PROSE.has(node.nodeName.toUpperCase()))
      nodes.push(node.textContent ?? "");
  });
  return nodes;
}
