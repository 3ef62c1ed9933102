import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
// Imported directly (not via the barrel) so marked stays in the lazily loaded editor chunk.
import { renderMarkdown } from "@/shared/lib/markdown";
import { useCodeBlocks } from "@/shared/lib/code-blocks";
import { PlainTextArea, type TextAreaComponent } from "@/shared/ui";

type Props = {
  label: string;
  value: string;
  onChange: (text: string) => void;
  errors?: string[];
  maxLength?: number;
  /** The textarea to write in (compose and edit give one that suggests people after `@`). */
  textArea?: TextAreaComponent;
};

/** A markdown textarea with a Write / Preview tab pair (ARIA tabs, arrow keys switch). */
export function MarkdownEditor({ label, value, onChange, errors, maxLength, textArea: TextArea = PlainTextArea }: Props) {
  const id = useId();
  const [tab, setTab] = useState<"write" | "preview">("write");
  // A server error about the text switches back to it, so the focus can land there.
  const errorText = errors?.join("\n") ?? "";
  useEffect(() => {
    if (errorText) setTab("write");
  }, [errorText]);
  const preview = useMemo(() => (tab === "preview" ? renderMarkdown(value) : ""), [tab, value]);
  const previewRef = useRef<HTMLDivElement>(null);
  useCodeBlocks(previewRef, preview);
  const onTabKey = (event: KeyboardEvent) => {
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      const next = tab === "write" ? "preview" : "write";
      setTab(next);
      document.getElementById(`${id}-tab-${next}`)?.focus();
    }
  };
  return (
    <div className={`field markdown-editor${errors?.length ? " field-invalid" : ""}`}>
      <div className="markdown-editor-head">
        <label htmlFor={`${id}-text`} id={`${id}-label`}>
          {label}
        </label>
        <div role="tablist" aria-label={`${label} mode`} className="segmented">
          {(["write", "preview"] as const).map((name) => (
            <button
              key={name}
              id={`${id}-tab-${name}`}
              type="button"
              role="tab"
              aria-selected={tab === name}
              aria-controls={`${id}-panel-${name}`}
              tabIndex={tab === name ? 0 : -1}
              onClick={() => setTab(name)}
              onKeyDown={onTabKey}
            >
              {name === "write" ? "Write" : "Preview"}
            </button>
          ))}
        </div>
      </div>
      <div role="tabpanel" id={`${id}-panel-write`} aria-labelledby={`${id}-tab-write`} hidden={tab !== "write"}>
        <TextArea
          id={`${id}-text`}
          name="content"
          rows={14}
          value={value}
          onValueChange={onChange}
          maxLength={maxLength}
          placeholder="Write in Markdown: **bold**, _italic_, [links](https://…), `code`, lists, > quotes"
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={errors?.length ? `${id}-error` : undefined}
        />
      </div>
      <div
        role="tabpanel"
        id={`${id}-panel-preview`}
        aria-labelledby={`${id}-tab-preview`}
        hidden={tab !== "preview"}
        tabIndex={0}
        className="markdown-preview prose"
      >
        {tab === "preview" ? (
          value.trim() ? (
            <div ref={previewRef} dangerouslySetInnerHTML={{ __html: preview }} />
          ) : (
            <p className="muted">Nothing to preview yet.</p>
          )
        ) : null}
      </div>
      {errors?.length ? (
        <ul className="field-errors" id={`${id}-error`}>
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
