import { Link as LinkIcon, Mail, Share2 } from "lucide-react";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { copyText } from "@/shared/lib";
import { showToast } from "@/shared/ui";
import { mailtoHref, serviceLinks, shareNatively, sharedLinkOf } from "./share-post.links";

type Props = { post: { id: number; title: string } };

/** Which part of the menu shows: closed, the list of ways to share, or the address to copy by hand. */
type MenuState = "closed" | "menu" | "manual-copy";

/**
 * Share a post: the system share sheet where the browser has one, else a menu of Copy link,
 * email and the configured services. Each instance keeps its own state (one per card).
 *
 * The trigger is an icon, named by `aria-label`: it has no visible text to match, and it adds no
 * text to the card the server drew (api/src/web_app/first_paint.rs), which the app's must repeat.
 */
export function SharePostButton({ post }: Props) {
  const [state, setState] = useState<MenuState>("closed");
  const rootRef = useRef<HTMLSpanElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const open = state !== "closed";
  const link = sharedLinkOf(post);

  const close = (returnFocus: boolean) => {
    setState("closed");
    if (returnFocus) triggerRef.current?.focus();
  };

  // A click or tap anywhere else closes the menu (focus goes where the click went).
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setState("closed");
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  // Opening moves focus into the menu (its first item, or the address to copy).
  useEffect(() => {
    if (state === "menu") menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    if (state === "manual-copy") {
      const field = menuRef.current?.querySelector<HTMLInputElement>("input");
      field?.focus();
      field?.select();
    }
  }, [state]);

  const onTrigger = async () => {
    if (open) return close(false);
    const outcome = await shareNatively(link);
    if (outcome === "unavailable") setState("menu");
  };

  const copyLink = async () => {
    if (await copyText(link.url)) {
      showToast("Link copied");
      close(true);
    } else {
      setState("manual-copy");
    }
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close(true);
      return;
    }
    if (state !== "menu") return;
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const move: Record<string, number> = {
      ArrowDown: (at + 1) % items.length,
      ArrowUp: (at - 1 + items.length) % items.length,
      Home: 0,
      End: items.length - 1,
    };
    if (event.key in move) {
      event.preventDefault();
      items[move[event.key]!]?.focus();
    } else if (event.key === "Tab") {
      // A menu is one stop in the tab order: leaving it closes it.
      setState("closed");
    }
  };

  return (
    <span className="share-post" ref={rootRef}>
      <button
        ref={triggerRef}
        type="button"
        className="action action-share"
        aria-label="Share"
        title="Share"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        data-action="share"
        onClick={() => void onTrigger()}
      >
        <Share2 aria-hidden="true" size={16} />
      </button>
      {state === "menu" ? (
        <div
          className="share-menu"
          id={menuId}
          role="menu"
          aria-label={`Share “${post.title}”`}
          ref={menuRef}
          onKeyDown={onMenuKeyDown}
        >
          <button type="button" role="menuitem" className="share-menu-item" onClick={() => void copyLink()} data-share="copy">
            <LinkIcon aria-hidden="true" size={15} /> Copy link
          </button>
          <a role="menuitem" className="share-menu-item" href={mailtoHref(link)} onClick={() => close(false)} data-share="email">
            <Mail aria-hidden="true" size={15} /> Share by email
          </a>
          {serviceLinks(link).map((service) => (
            <a
              key={service.id}
              role="menuitem"
              className="share-menu-item"
              href={service.href}
              target="_blank"
              rel="noopener noreferrer"
              onClick={() => close(false)}
              data-share={service.id}
            >
              {service.name}
              <span className="sr-only"> (opens in a new tab)</span>
            </a>
          ))}
        </div>
      ) : state === "manual-copy" ? (
        <div
          className="share-menu share-copy"
          id={menuId}
          role="dialog"
          aria-label="Copy link"
          ref={menuRef}
          onKeyDown={onMenuKeyDown}
        >
          <label className="field-hint" htmlFor={`${menuId}-url`}>
            Copying did not work here. Select the address and copy it:
          </label>
          <input
            id={`${menuId}-url`}
            className="share-copy-url"
            readOnly
            value={link.url}
            onFocus={(event) => event.target.select()}
          />
          <button type="button" className="btn btn-ghost btn-small" onClick={() => close(true)}>
            Done
          </button>
        </div>
      ) : null}
    </span>
  );
}
