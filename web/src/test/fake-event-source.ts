//! A stand-in for the browser's EventSource (jsdom has none): it records the address it was
//! opened with, and a test plays the server's events into it.

export class FakeEventSource {
  static opened: FakeEventSource[] = [];

  readonly url: string;
  closed = false;
  private readonly listeners = new Map<string, Set<(event: Event) => void>>();

  constructor(url: string | URL) {
    this.url = String(url);
    FakeEventSource.opened.push(this);
  }

  /** The last one opened. */
  static get latest(): FakeEventSource {
    const last = FakeEventSource.opened.at(-1);
    if (!last) throw new Error("no EventSource was opened");
    return last;
  }

  get params(): URLSearchParams {
    return new URL(this.url).searchParams;
  }

  addEventListener(type: string, listener: (event: Event) => void) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
  }

  removeEventListener(type: string, listener: (event: Event) => void) {
    this.listeners.get(type)?.delete(listener);
  }

  close() {
    this.closed = true;
  }

  /** An event as the server writes it: `event: type`, `id: …` (optional), `data: <json>`. */
  emit(type: string, data: unknown, id?: number) {
    const event = new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id === undefined ? "" : String(id) });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }

  /** The connection failed or dropped. */
  fail() {
    for (const listener of this.listeners.get("error") ?? []) listener(new Event("error"));
  }
}
