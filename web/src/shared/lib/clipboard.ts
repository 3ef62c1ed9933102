/**
 * Puts `text` on the clipboard. False when the browser refuses (no permission, not a secure
 * context, no Clipboard API): the caller then shows the text for copying by hand.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard?.writeText) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
