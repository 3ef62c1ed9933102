import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { Link } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import openapiText from "../../../../openapi/openapi.json?raw";
import { readDraft } from "@/shared/lib";
import { makeDetail } from "@/test/fixtures";
import { apiError, json, mockApi } from "@/test/mock-api";
import { renderInDataRouter } from "@/test/render";
import { PostEditor } from "./post-editor.ui";

const spec = JSON.parse(openapiText) as {
  components: { schemas: Record<string, { properties: Record<string, { maxLength?: number; maxItems?: number }> }> };
};
const createPost = spec.components.schemas.CreatePostRequest!.properties;

function setup(routes: Parameters<typeof mockApi>[0] = {}) {
  const onSaved = vi.fn();
  const api = mockApi({ "GET /tags": () => ({ items: [] }), ...routes });
  const view = renderInDataRouter(
    <>
      <Link to="/elsewhere">Somewhere else</Link>
      <PostEditor onSaved={onSaved} />
    </>,
    { path: "/compose", routes: [{ path: "/elsewhere", element: <h1>Elsewhere</h1> }] },
  );
  return { ...api, ...view, onSaved };
}

const title = () => screen.getByLabelText("Title");
const content = () => screen.getByLabelText("Content");
const publish = () => fireEvent.click(screen.getByRole("button", { name: "Publish" }));

describe("PostEditor", () => {
  beforeEach(() => {
    Element.prototype.scrollIntoView = vi.fn();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("takes its limits from the OpenAPI document, not from numbers of its own", () => {
    setup();
    expect(createPost.title?.maxLength).toBe(128);
    expect(title()).toHaveAttribute("maxlength", String(createPost.title?.maxLength));
    expect(content()).toHaveAttribute("maxlength", String(createPost.content?.maxLength));
    expect(screen.getByText(`0/${createPost.tags?.maxItems} tags.`, { exact: false })).toBeInTheDocument();
  });

  it("an empty title is refused before sending: the field turns invalid, is described by its error, and takes focus", async () => {
    const { seen } = setup();
    fireEvent.change(content(), { target: { value: "Some text" } });
    content().focus();
    publish();
    const error = await screen.findByText("This field is required.");
    await waitFor(() => expect(document.activeElement).toBe(title()));
    expect(title()).toHaveAttribute("aria-invalid", "true");
    expect(title().getAttribute("aria-describedby")).toContain(error.closest("ul")!.id);
    expect(Element.prototype.scrollIntoView).toHaveBeenCalled();
    expect(seen.filter((request) => request.method === "POST")).toHaveLength(0);
  });

  it("a refusal without a field (unconfirmed address) is shown in the app's words, scrolled to and focused", async () => {
    setup({
      "POST /posts": () => apiError(403, "email_unconfirmed", "confirm your email address first: follow the link we mailed you"),
    });
    fireEvent.change(title(), { target: { value: "A title" } });
    fireEvent.change(content(), { target: { value: "Some text" } });
    publish();
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Please confirm your email address first: follow the link we emailed you.");
    await waitFor(() => expect(document.activeElement).toBe(alert));
  });

  it("a server field error focuses that field", async () => {
    setup({
      "POST /posts": () =>
        apiError(422, "validation_failed", "some fields are invalid", {
          orig_url: ["must be an http:// or https:// URL"],
        }),
    });
    fireEvent.change(title(), { target: { value: "A title" } });
    fireEvent.change(content(), { target: { value: "Some text" } });
    publish();
    await screen.findByText("Enter a web address starting with http:// or https://.");
    const link = screen.getByLabelText("Link (optional)");
    await waitFor(() => expect(document.activeElement).toBe(link));
    expect(link).toHaveAttribute("aria-invalid", "true");
  });

  it("keeps a draft in local storage, restores it, and forgets it once published", async () => {
    const first = setup({ "POST /posts": () => json(makeDetail(7, { title: "Kept" }), 201) });
    fireEvent.change(title(), { target: { value: "Kept" } });
    fireEvent.change(content(), { target: { value: "Half a post" } });
    await waitFor(() => expect(readDraft("new-post")?.value).toMatchObject({ title: "Kept", content: "Half a post" }));
    first.unmount();

    setup({ "POST /posts": () => json(makeDetail(7, { title: "Kept" }), 201) });
    expect(title()).toHaveValue("Kept");
    expect(content()).toHaveValue("Half a post");
    expect(screen.getByText(/Restored your unpublished draft/)).toBeInTheDocument();
    publish();
    await waitFor(() => expect(readDraft("new-post")).toBeNull());
  });

  it("asks before leaving for another page with unpublished text", async () => {
    const { router } = setup();
    fireEvent.change(content(), { target: { value: "Unfinished thought" } });
    fireEvent.click(screen.getByRole("link", { name: "Somewhere else" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Leave this page?" });
    expect(dialog).toHaveTextContent("Your draft stays on this device");
    fireEvent.click(screen.getByRole("button", { name: "Keep writing" }));
    expect(router.state.location.pathname).toBe("/compose");
    fireEvent.click(screen.getByRole("link", { name: "Somewhere else" }));
    fireEvent.click(await screen.findByRole("button", { name: "Leave" }));
    await act(async () => {});
    expect(router.state.location.pathname).toBe("/elsewhere");
    expect(readDraft("new-post")?.value).toMatchObject({ content: "Unfinished thought" });
  });

  it("warns through the browser on reload or close with unpublished text, not without", () => {
    setup();
    const quiet = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(quiet);
    expect(quiet.defaultPrevented).toBe(false);
    fireEvent.change(content(), { target: { value: "Unfinished" } });
    const warned = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(warned);
    expect(warned.defaultPrevented).toBe(true);
  });
});
