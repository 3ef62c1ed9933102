import { useId, type ComponentPropsWithRef, type ComponentType, type ReactNode } from "react";

type Common = { label: string; errors?: string[]; hint?: ReactNode };

function describedBy(hintId: string, errorId: string, hint: unknown, errors?: string[]) {
  return [hint ? hintId : null, errors?.length ? errorId : null].filter(Boolean).join(" ") || undefined;
}

function Messages({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <ul className="field-errors" id={id}>
      {errors.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

export function TextField({ label, errors, hint, id, ...input }: Common & ComponentPropsWithRef<"input">) {
  const auto = useId();
  const inputId = id ?? auto;
  return (
    <div className={`field${errors?.length ? " field-invalid" : ""}`}>
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(`${inputId}-hint`, `${inputId}-error`, hint, errors)}
        {...input}
      />
      {hint ? (
        <p className="field-hint" id={`${inputId}-hint`}>
          {hint}
        </p>
      ) : null}
      <Messages id={`${inputId}-error`} errors={errors} />
    </div>
  );
}

/** A textarea's props, plus `onValueChange` for text it changes itself (an inserted `@name`). */
export type TextAreaProps = ComponentPropsWithRef<"textarea"> & { onValueChange?: (value: string) => void };

/**
 * The textarea people write posts and comments in, as a component a higher layer can swap: a
 * lower one cannot import a feature, so a page or widget hands its forms one with more to it
 * (`MentionTextArea`, which suggests people after `@`).
 */
export type TextAreaComponent = ComponentType<TextAreaProps>;

/** The plain one: typing reaches both `onChange` and `onValueChange`. */
export function PlainTextArea({ onValueChange, onChange, ...area }: TextAreaProps) {
  return (
    <textarea
      {...area}
      onChange={(event) => {
        onChange?.(event);
        onValueChange?.(event.target.value);
      }}
    />
  );
}

export function TextAreaField({
  label,
  errors,
  hint,
  id,
  textArea: TextArea = PlainTextArea,
  ...area
}: Common & TextAreaProps & { textArea?: TextAreaComponent }) {
  const auto = useId();
  const areaId = id ?? auto;
  return (
    <div className={`field${errors?.length ? " field-invalid" : ""}`}>
      <label htmlFor={areaId}>{label}</label>
      <TextArea
        id={areaId}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(`${areaId}-hint`, `${areaId}-error`, hint, errors)}
        {...area}
      />
      {hint ? (
        <p className="field-hint" id={`${areaId}-hint`}>
          {hint}
        </p>
      ) : null}
      <Messages id={`${areaId}-error`} errors={errors} />
    </div>
  );
}
