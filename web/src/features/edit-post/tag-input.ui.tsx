import { X } from "lucide-react";
import { useId, useState, type KeyboardEvent } from "react";

/** Lower-case, no leading '#', inner spaces as '-'. */
export function normalizeTag(raw: string): string {
  return raw.trim().replace(/^#+/, "").trim().toLowerCase().replace(/\s+/g, "-");
}

type Props = {
  label: string;
  value: string[];
  onChange: (tags: string[]) => void;
  suggestions?: string[];
  errors?: string[];
  /** At most this many tags (the server's limit, from the spec). */
  max?: number;
  /** Each tag's length limit, when the spec states one. */
  tagMaxLength?: number;
};

/** Tags as removable chips; Enter, comma or Tab adds what is typed, Backspace on empty removes the last. */
export function TagInput({ label, value, onChange, suggestions = [], errors, max = Infinity, tagMaxLength }: Props) {
  const id = useId();
  const [draft, setDraft] = useState("");
  const full = value.length >= max;

  const add = (raw: string) => {
    const tags = raw.split(",").map(normalizeTag).filter(Boolean);
    const next = [...value];
    for (const tag of tags) if (!next.includes(tag) && next.length < max) next.push(tag);
    if (next.length !== value.length) onChange(next);
    setDraft("");
  };
  const remove = (tag: string) => onChange(value.filter((existing) => existing !== tag));

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if ((event.key === "Enter" || event.key === ",") && draft.trim()) {
      event.preventDefault();
      add(draft);
    } else if (event.key === "Enter") {
      event.preventDefault(); // an empty Enter should not submit the whole post
    } else if (event.key === "Backspace" && !draft && value.length) {
      remove(value[value.length - 1]!);
    }
  };

  return (
    <div className={`field${errors?.length ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <div className="tag-input">
        <ul className="chips" aria-label="Selected tags">
          {value.map((tag) => (
            <li key={tag} className="chip" data-tag={tag}>
              #{tag}
              <button type="button" className="chip-remove" aria-label={`Remove tag ${tag}`} onClick={() => remove(tag)}>
                <X aria-hidden="true" size={12} />
              </button>
            </li>
          ))}
        </ul>
        <input
          id={id}
          name="tags"
          value={draft}
          list={`${id}-suggestions`}
          placeholder={full ? `Up to ${max} tags` : "Add a tag and press Enter"}
          disabled={full}
          autoComplete="off"
          maxLength={tagMaxLength}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={`${id}-hint${errors?.length ? ` ${id}-error` : ""}`}
          onChange={(event) => {
            const text = event.target.value;
            if (text.endsWith(",")) add(text);
            else setDraft(text);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => draft.trim() && add(draft)}
        />
      </div>
      <datalist id={`${id}-suggestions`}>
        {suggestions
          .filter((tag) => !value.includes(tag))
          .slice(0, 50)
          .map((tag) => (
            <option key={tag} value={tag} />
          ))}
      </datalist>
      <p className="field-hint" id={`${id}-hint`}>
        {Number.isFinite(max) ? `${value.length}/${max} tags. ` : null}Press Enter or comma to add.
      </p>
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
