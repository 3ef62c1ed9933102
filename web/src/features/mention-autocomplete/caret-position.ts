//! Where a textarea draws a given character, so the list of people opens under the `@` typed
//! rather than under the whole box (a post's box is tall). Measured on a hidden copy of the box
//! with the same font, padding and wrapping.

const COPIED = [
  "boxSizing",
  "width",
  "borderTopWidth",
  "borderRightWidth",
  "borderBottomWidth",
  "borderLeftWidth",
  "paddingTop",
  "paddingRight",
  "paddingBottom",
  "paddingLeft",
  "fontFamily",
  "fontSize",
  "fontStyle",
  "fontVariant",
  "fontWeight",
  "fontStretch",
  "lineHeight",
  "letterSpacing",
  "wordSpacing",
  "textAlign",
  "textIndent",
  "textTransform",
  "tabSize",
  "wordBreak",
  "overflowWrap",
] as const;

/**
 * The top-left corner of character `index` of the textarea's text and the height of a line, in
 * pixels from the textarea's own top-left corner, scrolling taken into account.
 */
export function caretPosition(area: HTMLTextAreaElement, index: number): { top: number; left: number; lineHeight: number } {
  const style = window.getComputedStyle(area);
  const mirror = document.createElement("div");
  for (const property of COPIED) mirror.style[property] = style[property];
  Object.assign(mirror.style, {
    position: "absolute",
    visibility: "hidden",
    top: "0",
    left: "-9999px",
    whiteSpace: "pre-wrap",
    overflow: "hidden",
    height: "auto",
  });
  mirror.textContent = area.value.slice(0, index);
  const marker = document.createElement("span");
  // The rest of the text, so the line breaks where the box breaks it.
  marker.textContent = area.value.slice(index) || ".";
  mirror.append(marker);
  document.body.append(mirror);
  const fontSize = parseFloat(style.fontSize) || 16;
  const place = {
    top: marker.offsetTop - area.scrollTop,
    left: marker.offsetLeft - area.scrollLeft,
    lineHeight: parseFloat(style.lineHeight) || fontSize * 1.5,
  };
  mirror.remove();
  return place;
}
