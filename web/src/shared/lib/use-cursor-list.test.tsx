import { act, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderHookWithProviders } from "@/test/render";
import { useCursorList } from "./use-cursor-list";

type Item = { id: number };

function fakeServer(total: number, size: number) {
  return vi.fn(async (cursor: string | undefined) => {
    const start = cursor ? Number(cursor) : 0;
    const items = Array.from({ length: Math.min(size, total - start) }, (_, i) => ({ id: start + i + 1 }));
    const next = start + size < total ? String(start + size) : null;
    return { items, next_cursor: next };
  });
}

describe("useCursorList", () => {
  it("loads the first page, then each next page with the cursor, until next_cursor is null", async () => {
    const fetchPage = fakeServer(5, 2);
    const { result } = renderHookWithProviders(() => useCursorList<Item>(["test", "list"], (cursor) => fetchPage(cursor)));

    expect(result.current.isPending).toBe(true);
    await waitFor(() => expect(result.current.items.map((i) => i.id)).toEqual([1, 2]));
    expect(result.current.hasMore).toBe(true);
    expect(fetchPage).toHaveBeenLastCalledWith(undefined);

    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.items.map((i) => i.id)).toEqual([1, 2, 3, 4]));
    expect(fetchPage).toHaveBeenLastCalledWith("2");

    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.items.map((i) => i.id)).toEqual([1, 2, 3, 4, 5]));
    expect(result.current.hasMore).toBe(false);

    act(() => result.current.loadMore()); // no more pages: nothing is fetched
    expect(fetchPage).toHaveBeenCalledTimes(3);
  });

  it("treats an empty string cursor as the end", async () => {
    const { result } = renderHookWithProviders(() =>
      useCursorList<Item>(["test", "empty-cursor"], async () => ({ items: [{ id: 1 }], next_cursor: "" })),
    );
    await waitFor(() => expect(result.current.items).toHaveLength(1));
    expect(result.current.hasMore).toBe(false);
  });

  it("exposes errors", async () => {
    const { result } = renderHookWithProviders(() =>
      useCursorList<Item>(["test", "broken"], async () => {
        throw new Error("nope");
      }),
    );
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.items).toEqual([]);
  });
});
