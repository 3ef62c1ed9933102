//! Syntax highlighting (highlight.js core with the languages people post most). Loaded only
//! through `import()` from code-blocks.ts, so pages without code never download it.
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import c from "highlight.js/lib/languages/c";
import cpp from "highlight.js/lib/languages/cpp";
import csharp from "highlight.js/lib/languages/csharp";
import css from "highlight.js/lib/languages/css";
import diff from "highlight.js/lib/languages/diff";
import dockerfile from "highlight.js/lib/languages/dockerfile";
import go from "highlight.js/lib/languages/go";
import ini from "highlight.js/lib/languages/ini";
import java from "highlight.js/lib/languages/java";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import kotlin from "highlight.js/lib/languages/kotlin";
import markdown from "highlight.js/lib/languages/markdown";
import php from "highlight.js/lib/languages/php";
import plaintext from "highlight.js/lib/languages/plaintext";
import python from "highlight.js/lib/languages/python";
import ruby from "highlight.js/lib/languages/ruby";
import rust from "highlight.js/lib/languages/rust";
import shell from "highlight.js/lib/languages/shell";
import sql from "highlight.js/lib/languages/sql";
import swift from "highlight.js/lib/languages/swift";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";

const LANGUAGES = {
  bash,
  c,
  cpp,
  csharp,
  css,
  diff,
  dockerfile,
  go,
  ini,
  java,
  javascript,
  json,
  kotlin,
  markdown,
  php,
  plaintext,
  python,
  ruby,
  rust,
  shell,
  sql,
  swift,
  typescript,
  xml,
  yaml,
};
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);
hljs.configure({ cssSelector: "pre code", ignoreUnescapedHTML: true });

/** The language a block names (`language-rust`, `lang-rs`), if highlight.js knows it. */
function namedLanguage(code: HTMLElement): string | undefined {
  for (const name of code.className.split(/\s+/)) {
    const match = /^(?:language|lang)-(.+)$/.exec(name);
    if (match && hljs.getLanguage(match[1]!)) return match[1];
  }
  return undefined;
}

/**
 * Highlights one `<code>` in place. highlight.js escapes the text it reads (it works from
 * `textContent`), so the result holds nothing but its own `<span class="hljs-…">`.
 */
export function highlightCode(code: HTMLElement) {
  if (code.dataset.highlighted) return;
  const language = namedLanguage(code);
  const text = code.textContent ?? "";
  const result = language
    ? hljs.highlight(text, { language, ignoreIllegals: true })
    : hljs.highlightAuto(text, Object.keys(LANGUAGES));
  // Unlabelled blocks are highlighted only when the guess is confident.
  if (!language && result.relevance < 5) return;
  code.innerHTML = result.value;
  code.classList.add("hljs");
  code.dataset.highlighted = "yes";
  if (result.language) code.dataset.language = result.language;
}
