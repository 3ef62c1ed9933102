import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { postKeys } from "@/entities/post";
import { meKey, useViewer } from "@/entities/session";
import { sessionTokens, type Me, type PostPage } from "@/shared/api";
import { makePost, page } from "@/test/fixtures";
import { apiError, json, mockApi } from "@/test/mock-api";
import { renderWithProviders, testQueryClient } from "@/test/render";
import { Header } from "@/widgets/header";
import { AvatarForm } from "./avatar-form.ui";

const me: Me = {
  id: 5,
  name: "ann",
  nickname: "Ann",
  email: "ann@example.com",
  confirmed: true,
  avatar: "",
  avatar_small: "",
  bio: "",
  company: "",
  website: "",
  created_at: "2026-11-20T10:00:00Z",
  stats: { post_count: 1, follower_count: 0, following_count: 0 },
  collects_public: false,
  role: "user",
  ban: null,
};
/** What the server answers after an upload: both sizes. */
const withAvatar = { ...me, avatar: "/media/avatars/5/3f9a-256.png", avatar_small: "/media/avatars/5/3f9a-64.png" };

/** Settings' avatar card under the real header, both reading the `me` query. */
function Harness() {
  const { me: viewer } = useViewer();
  return (
    <>
      <Header />
      {viewer ? <AvatarForm me={viewer} /> : null}
    </>
  );
}

const PNG_BYTES = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/hdf0ZQAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);
const pngFile = (name = "me.png") => new File([PNG_BYTES], name, { type: "image/png" });

function setup(routes: Parameters<typeof mockApi>[0] = {}) {
  const queryClient = testQueryClient();
  queryClient.setQueryData(meKey, me);
  const api = mockApi({ "GET /me": () => me, ...routes });
  const view = renderWithProviders(<Harness />, { queryClient });
  return { ...api, ...view, queryClient };
}

const fileInput = () => screen.getByLabelText("Choose an image") as HTMLInputElement;
const choose = (file: File) => fireEvent.change(fileInput(), { target: { files: [file] } });
/** The header's picture (decorative, alt=""), or null while it shows initials. */
const headerAvatar = () => screen.getByRole("link", { name: /Your profile/ }).querySelector("img");
const sent = (seen: Request[]) => seen.filter((request) => new URL(request.url).pathname === "/api/v1/me/avatar");

describe("AvatarForm", () => {
  beforeEach(() => {
    sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
    // jsdom has no object URLs; the preview needs one.
    URL.createObjectURL = () => "blob:preview";
    URL.revokeObjectURL = () => {};
  });
  afterEach(() => {
    delete (URL as { createObjectURL?: unknown }).createObjectURL;
    delete (URL as { revokeObjectURL?: unknown }).revokeObjectURL;
  });

  it("refuses a text file and a 3 MB image before sending anything", async () => {
    const { seen } = setup();
    await screen.findByRole("heading", { name: "Avatar" });

    choose(new File(["hello"], "notes.txt", { type: "text/plain" }));
    expect(await screen.findByText("“notes.txt” is not a PNG, JPEG or WebP image.")).toBeInTheDocument();
    expect(fileInput()).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByRole("button", { name: /Upload avatar/ })).toBeDisabled();

    choose(new File([new Uint8Array(3 * 1024 * 1024)], "huge.png", { type: "image/png" }));
    expect(await screen.findByText("“huge.png” is 3.0 MB; an avatar can be at most 2 MB.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /Upload avatar/ })).toBeDisabled();
    fireEvent.submit(screen.getByRole("form", { name: "Avatar" }));

    expect(sent(seen)).toHaveLength(0);
  });

  it("uploads a PNG as multipart `avatar`, shows progress, and the header avatar changes without a reload", async () => {
    let answer: (response: Response) => void = () => {};
    const { seen, queryClient } = setup({
      "PUT /me/avatar": () =>
        new Promise<Response>((resolve) => {
          answer = resolve;
        }),
    });
    // One of Ann's posts is cached in a list: its author line must change too.
    queryClient.setQueryData(postKeys.list({ kind: "latest" }), {
      pages: [page([makePost(1, { author: { id: 5, name: "ann", nickname: "Ann", avatar: "", avatar_small: "" } })])],
      pageParams: [undefined],
    });
    expect(headerAvatar()).toBeNull(); // initials

    choose(pngFile());
    expect(await screen.findByAltText("Preview of your new avatar")).toHaveAttribute("src", "blob:preview");
    fireEvent.click(screen.getByRole("button", { name: /Upload avatar/ }));

    expect(await screen.findByRole("button", { name: /Uploading…/ })).toBeDisabled();
    expect(screen.getByLabelText("Uploading your avatar")).toBeInTheDocument();

    const request = sent(seen)[0]!;
    expect(request.method).toBe("PUT");
    expect(request.headers.get("Content-Type")).toMatch(/^multipart\/form-data; boundary=/);
    const uploaded = (await request.formData()).get("avatar");
    // (jsdom's File and Node's fetch disagree on the file name; a browser sends "me.png".)
    expect(uploaded).toMatchObject({ size: PNG_BYTES.length, type: "image/png" });

    answer(json(withAvatar));
    expect(await screen.findByText("Your new avatar is saved.")).toBeInTheDocument();
    // The header draws 30 px: the 64 px file.
    await waitFor(() => expect(headerAvatar()).toHaveAttribute("src", "/media/avatars/5/3f9a-64.png"));
    expect(queryClient.getQueryData<typeof withAvatar>(meKey)?.avatar).toBe("/media/avatars/5/3f9a-256.png");
    const cached = queryClient.getQueryData<{ pages: PostPage[] }>(postKeys.list({ kind: "latest" }));
    expect(cached?.pages[0]?.items[0]?.author).toMatchObject({
      avatar: withAvatar.avatar,
      avatar_small: withAvatar.avatar_small,
    });
    expect(fileInput().value).toBe("");
  });

  it("says in its own words that the server cannot read the file as an image", async () => {
    setup({
      "PUT /me/avatar": () =>
        apiError(422, "invalid_image", "the avatar is not a PNG, JPEG or WebP image", {
          avatar: ["the avatar is not a PNG, JPEG or WebP image"],
        }),
    });
    choose(pngFile("renamed-text.png"));
    fireEvent.click(await screen.findByRole("button", { name: /Upload avatar/ }));
    expect(
      await screen.findByText("That file is not an image we can use. Choose a PNG, JPEG or WebP picture."),
    ).toBeInTheDocument();
    expect(screen.queryByText(/the avatar is not/)).toBeNull();
    expect(fileInput()).toHaveAttribute("aria-invalid", "true");
    expect(headerAvatar()).toBeNull();
  });

  it("a chosen file the browser cannot show as a picture gets a message, not a broken preview", async () => {
    const { seen } = setup({ "PUT /me/avatar": () => json(withAvatar) });
    choose(pngFile("notes.png"));
    const preview = await screen.findByAltText("Preview of your new avatar");
    fireEvent.error(preview);
    expect(
      await screen.findByText("“notes.png” could not be read as an image. Choose a PNG, JPEG or WebP picture."),
    ).toBeInTheDocument();
    expect(screen.queryByAltText("Preview of your new avatar")).toBeNull();
    expect(fileInput()).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByRole("button", { name: /Upload avatar/ })).toBeDisabled();
    expect(sent(seen)).toHaveLength(0);
  });

  it("says so when the server finds the file too large (413)", async () => {
    setup({ "PUT /me/avatar": () => apiError(413, "payload_too_large", "the body is larger than the limit") });
    choose(pngFile());
    fireEvent.click(await screen.findByRole("button", { name: /Upload avatar/ }));
    expect(await screen.findByText("The image is too large: an avatar can be at most 2 MB.")).toBeInTheDocument();
  });

  it("removes the avatar after asking, back to the initials", async () => {
    const { seen, queryClient } = setup({ "DELETE /me/avatar": () => json(me) });
    queryClient.setQueryData(meKey, withAvatar);
    await waitFor(() => expect(headerAvatar()).toHaveAttribute("src", withAvatar.avatar_small));
    fireEvent.click(screen.getByRole("button", { name: /Remove avatar/ }));
    expect(sent(seen)).toHaveLength(0);
    fireEvent.click(screen.getByRole("button", { name: "Remove avatar" }));
    expect(await screen.findByText("Your avatar is removed.")).toBeInTheDocument();
    expect(sent(seen).map((request) => request.method)).toEqual(["DELETE"]);
    expect(headerAvatar()).toBeNull();
  });
});
