//! axe-core in the test's document, as the e2e runs it in Chromium: the serious and critical
//! violations under `root` (jsdom draws nothing, so colour contrast is left to the e2e).
import axe from "axe-core";
import { vi } from "vitest";

export async function seriousAxeViolations(root: Element): Promise<string[]> {
  // axe measures icon fonts on a canvas, which jsdom lacks (and says so on the console).
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
  const result = await axe.run(root, { resultTypes: ["violations"] });
  return result.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}
