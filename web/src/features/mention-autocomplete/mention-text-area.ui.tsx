import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type Ref } from "react";
import type { UserSuggestion } from "@/shared/api";
import { Avatar, type TextAreaProps } from "@/shared/ui";
import { caretPosition } from "./caret-position";
import { insertMention, mentionFragment } from "./mention-fragment";
import { useMentionSuggestions } from "./mention-suggestions.query";

/** About the list's width (`.mention-list`'s `min-width`), to keep it from running past the box. */
const LIST_WIDTH = 256;

function assignRef<T>(ref: Ref<T> | undefined, value: T) {
  if (typeof ref === "function") ref(value);
  else if (ref) ref.current = value;
}

/**
 * A textarea that offers people to mention: typing `@` and a letter or more (at the start or
 * after a space) opens a list of the people whose name starts so. ArrowDown / ArrowUp move
 * through it, Enter or Tab take the one marked, Escape closes it (until the next `@`), a click
 * takes one; the typed fragment becomes `@name `. Any other key does what it does in a textarea.
 *
 * It is an ARIA 1.2 combobox (`role="combobox"`, `aria-expanded`, `aria-controls` and
 * `aria-activedescendant` to the listbox), so screen readers say the list opened and which
 * person is marked while the focus stays in the text. (axe notes the role on a textarea as a
 * minor "best practice" point; the textbox role has no `aria-expanded`, so it could not say
 * the list is open.)
 */
export function MentionTextArea({ value, onValueChange, onChange, onKeyDown, onSelect, onBlur, ref, ...area }: TextAreaProps) {
  const text = typeof value === "string" ? value : String(value ?? "");
  const areaRef = useRef<HTMLTextAreaElement | null>(null);
  const listId = useId();
  // Where the caret is while the box has focus (null: not focused, or a range is selected).
  const [caret, setCaret] = useState<number | null>(null);
  // The `@` whose list Escape closed; a new `@` opens again.
  const [dismissed, setDismissed] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const pendingCaret = useRef<number | null>(null);
  // One callback for the life of the box (a new one each render would detach and attach it again).
  const setAreaRef = useCallback(
    (element: HTMLTextAreaElement | null) => {
      areaRef.current = element;
      assignRef(ref, element);
    },
    [ref],
  );

  const fragment = caret === null ? null : mentionFragment(text, caret);
  const prefix = fragment && fragment.start !== dismissed ? fragment.prefix : "";
  const people = useMentionSuggestions(prefix);
  const open = prefix !== "" && people.length > 0;
  const marked = Math.min(active, Math.max(0, people.length - 1));

  // The list opens under the `@`, kept inside the box.
  const [place, setPlace] = useState<{ top: number; left: number } | null>(null);
  const anchor = open ? fragment?.start : undefined;
  useLayoutEffect(() => {
    const area = areaRef.current;
    if (anchor === undefined || !area) return setPlace(null);
    const caretAt = caretPosition(area, anchor);
    setPlace({
      top: Math.min(Math.max(caretAt.top + caretAt.lineHeight, 0), area.offsetHeight) + 4,
      left: Math.max(0, Math.min(caretAt.left, area.clientWidth - LIST_WIDTH)),
    });
  }, [anchor, text]);

  // A new list starts at its first person.
  const listKey = people.map((person) => person.id).join(",");
  useEffect(() => setActive(0), [listKey]);

  // After a name went in, the caret goes after it (once the new text is in the box).
  useLayoutEffect(() => {
    const area = areaRef.current;
    if (pendingCaret.current === null || !area) return;
    area.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  }, [text]);

  const follow = (area: HTMLTextAreaElement) => setCaret(area.selectionStart === area.selectionEnd ? area.selectionStart : null);

  const choose = (person: UserSuggestion) => {
    if (!fragment) return;
    const next = insertMention(text, fragment, person.name);
    pendingCaret.current = next.caret;
    setCaret(next.caret);
    onValueChange?.(next.text);
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open && !event.nativeEvent.isComposing) {
      const plain = !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        setActive((marked + step + people.length) % people.length);
        return;
      }
      if ((event.key === "Enter" || event.key === "Tab") && plain) {
        event.preventDefault();
        const person = people[marked];
        if (person) choose(person);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        setDismissed(fragment?.start ?? null);
        return;
      }
    }
    onKeyDown?.(event);
  };

  const optionId = (index: number) => `${listId}-option-${index}`;
  return (
    <div className="mention-box">
      <textarea
        {...area}
        ref={setAreaRef}
        value={text}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? optionId(marked) : undefined}
        onChange={(event) => {
          onChange?.(event);
          onValueChange?.(event.target.value);
          follow(event.target);
          if (dismissed !== null && mentionFragment(event.target.value, event.target.selectionStart)?.start !== dismissed) {
            setDismissed(null);
          }
        }}
        onSelect={(event) => {
          onSelect?.(event);
          follow(event.currentTarget);
        }}
        onBlur={(event) => {
          onBlur?.(event);
          setCaret(null);
        }}
        onKeyDown={handleKeyDown}
      />
      {open ? (
        <ul
          className="mention-list"
          role="listbox"
          id={listId}
          aria-label="People to mention"
          style={place ? { top: place.top, left: place.left } : undefined}
        >
          {people.map((person, index) => (
            <li
              key={person.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === marked}
              className={`mention-option${index === marked ? " mention-option-active" : ""}`}
              data-mention-name={person.name}
              // Keeps the focus (and the caret) in the text.
              onMouseDown={(event) => event.preventDefault()}
              onMouseMove={() => index !== marked && setActive(index)}
              onClick={() => choose(person)}
            >
              <Avatar
                user={{ id: person.id, name: person.name, nickname: person.display_name, avatar_small: person.avatar_small }}
                size={24}
              />
              <span className="mention-option-name">{person.display_name || person.name}</span>
              <span className="mention-option-handle muted">@{person.name}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <span className="sr-only" role="status">
        {open
          ? `${people.length} ${people.length === 1 ? "person" : "people"} to mention: arrow keys to choose, Enter to take`
          : ""}
      </span>
    </div>
  );
}
