/// <reference types="node" />
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AVATAR_HUES } from "@/shared/ui/avatar.ui";

// Read from disk: Vitest hands CSS imports over empty.
const css = readFileSync(`${process.cwd()}/src/app/styles.css`, "utf8");

/** The custom properties set in the first rule whose selector is exactly `selector`. */
function variables(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  expect(start).toBeGreaterThanOrEqual(0);
  const body = css.slice(start, css.indexOf("}", start));
  return Object.fromEntries([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

function luminance(hex: string): number {
  const value = hex.replace("#", "");
  const full = value.length === 3 ? [...value].map((c) => c + c).join("") : value;
  const [r, g, b] = [0, 2, 4]
    .map((i) => parseInt(full.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe("styles.css", () => {
  const light = variables(":root");
  const dark = { ...light, ...variables(':root[data-theme="dark"]') };

  it.each([
    ["light", light],
    ["dark", dark],
  ])("%s theme: button text on its fill reaches 4.5:1 (WCAG AA), hovered too", (_name, theme) => {
    expect(contrast(theme["--on-accent"]!, theme["--accent"]!)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(theme["--on-accent"]!, theme["--accent-strong"]!)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(theme["--on-danger"]!, theme["--danger"]!)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(theme["--text"]!, theme["--surface"]!)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(theme["--muted"]!, theme["--surface"]!)).toBeGreaterThanOrEqual(4.5);
  });

  it.each([
    ["light", light],
    ["dark", dark],
  ])("%s theme: success and error messages reach 4.5:1 on their tinted backgrounds", (_name, theme) => {
    expect(contrast(theme["--success"]!, theme["--success-soft"]!)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(theme["--danger"]!, theme["--danger-soft"]!)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(theme["--text"]!, theme["--info-soft"]!)).toBeGreaterThanOrEqual(4.5);
  });

  it.each([
    ["light", ":root {\n  --code-keyword", light],
    ["dark", ':root[data-theme="dark"] {\n  --code-keyword', dark],
  ])("%s theme: every highlighted code colour reaches 4.5:1 on the code background", (_name, marker, theme) => {
    const start = css.indexOf(marker);
    const block = css.slice(start, css.indexOf("}", start));
    const colours = [...block.matchAll(/(--code-[\w-]+):\s*([^;]+);/g)].map((m) => m[2]!.trim());
    expect(colours.length).toBeGreaterThanOrEqual(7);
    for (const colour of colours) expect(contrast(colour, theme["--surface-2"]!)).toBeGreaterThanOrEqual(4.5);
  });

  it("the dark colours chosen by hand are the same as the system's dark colours", () => {
    const media = css.slice(css.indexOf('@media (prefers-color-scheme: dark) {\n  :root:not([data-theme="light"])'));
    const body = media.slice(0, media.indexOf("}"));
    const system = Object.fromEntries([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
    expect(system).toEqual(variables(':root[data-theme="dark"]'));
  });

  it("an invalid field's red border outranks the base input border (bug: it never turned red)", () => {
    // Specificity as [ids, classes/attributes/pseudo-classes, elements]; :not() counts its argument.
    const specificity = (selector: string) => {
      const plain = selector.replace(/:not\(/g, "(");
      return [
        (plain.match(/#/g) ?? []).length,
        (plain.match(/\.|\[|:(?!:)/g) ?? []).length,
        (plain.match(/(^|[\s>+~(])[a-z]+/g) ?? []).length,
      ];
    };
    const rank = ([a, b, c]: number[]) => a! * 10000 + b! * 100 + c!;
    const base = '.field input:not([type="checkbox"]):not([type="file"])';
    const invalid = '.field-invalid input:not([type="checkbox"]):not([type="file"])';
    expect(css.indexOf(`${invalid},`)).toBeGreaterThan(css.indexOf(`${base},`));
    expect(rank(specificity(invalid))).toBeGreaterThanOrEqual(rank(specificity(base)));
    const rule = css.slice(css.indexOf(`${invalid},`), css.indexOf("}", css.indexOf(`${invalid},`)));
    expect(rule).toContain("border-color: var(--danger)");
  });

  it("has a colour for each avatar hue the app and the server pick, white initials readable on each", () => {
    const hues = [...css.matchAll(/\.avatar-hue-(\d+) \{\s*background: (#[0-9a-f]{6});/g)];
    expect(hues.map((m) => Number(m[1]))).toEqual([...Array(AVATAR_HUES).keys()]);
    for (const [, , colour] of hues) expect(contrast("#ffffff", colour!)).toBeGreaterThanOrEqual(4.5);
  });
});
