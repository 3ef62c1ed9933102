import type { InfiniteData } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { NotificationPage } from "@/shared/api";
import { makeActors, makeNotification } from "@/test/fixtures";
import { testQueryClient } from "@/test/render";
import { addToInbox, markReadInInbox } from "./notification.cache";
import { notificationKeys } from "./notification.queries";

type Inbox = InfiniteData<NotificationPage, string | undefined>;

function seed(pages: NotificationPage[]) {
  const queryClient = testQueryClient();
  queryClient.setQueryData<Inbox>(notificationKeys.inbox(), {
    pages,
    pageParams: pages.map((_, i) => (i ? `c${i}` : undefined)),
  });
  const ids = () => queryClient.getQueryData<Inbox>(notificationKeys.inbox())!.pages.map((page) => page.items.map((n) => n.id));
  return { queryClient, ids };
}

describe("the inbox in the cache", () => {
  it("a new notification goes first; one already there is not doubled", () => {
    const { queryClient, ids } = seed([{ items: [makeNotification(5), makeNotification(3)], next_cursor: "c1" }]);
    addToInbox(queryClient, makeNotification(7));
    expect(ids()).toEqual([[7, 5, 3]]);
    addToInbox(queryClient, makeNotification(5, { read: true }));
    expect(ids()).toEqual([[7, 5, 3]]);
    expect(queryClient.getQueryData<Inbox>(notificationKeys.inbox())!.pages[0]!.items[1]!.read).toBe(true);
  });

  it("a regrouped like (new id, same post) replaces the older entry, wherever it was", () => {
    const liked = (id: number, names: string[]) =>
      makeNotification(id, {
        kind: "like",
        actors: makeActors(...names),
        actor_count: names.length,
        target: { kind: "post", id: 12, post_id: 12, title: "T", excerpt: "", url: "/posts/12" },
      });
    const { queryClient, ids } = seed([
      { items: [makeNotification(9)], next_cursor: "c1" },
      { items: [liked(4, ["alice"]), makeNotification(2)], next_cursor: null },
    ]);
    addToInbox(queryClient, liked(10, ["bob", "alice"]));
    expect(ids()).toEqual([[10, 9], [2]]);
  });

  it("is left alone when the inbox was never loaded", () => {
    const queryClient = testQueryClient();
    addToInbox(queryClient, makeNotification(1));
    expect(queryClient.getQueryData(notificationKeys.inbox())).toBeUndefined();
  });

  it("marks read what the predicate picks, keeping the others' identity", () => {
    const first = makeNotification(3);
    const { queryClient } = seed([{ items: [makeNotification(5), first], next_cursor: null }]);
    markReadInInbox(queryClient, (n) => n.id >= 5);
    const items = queryClient.getQueryData<Inbox>(notificationKeys.inbox())!.pages[0]!.items;
    expect(items.map((n) => n.read)).toEqual([true, false]);
    expect(items[1]).toBe(first);
  });
});
