import type { ComponentType } from "react";
import { createBrowserRouter, type RouteObject } from "react-router";
import { HomePage } from "@/pages/home/home.page";
import { Layout, LayoutFallback } from "./layout.ui";

/**
 * Every page but Home is its own chunk, fetched when its route is first visited: a visitor
 * landing on Home downloads only Home, and one landing elsewhere fetches that page's chunk right
 * after the entry (the built `.vite/manifest.json` maps each page module to its chunk, so the
 * server can add a `modulepreload` for the requested route). Home stays in the entry because it
 * is where most visits start and where links from other sites land.
 */
const page =
  <M,>(load: () => Promise<M>, pick: (module: M) => ComponentType): RouteObject["lazy"] =>
  () =>
    load().then((module) => ({ Component: pick(module) }));

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    // While the first page's chunk loads, the header and footer are drawn already.
    HydrateFallback: LayoutFallback,
    children: [
      { path: "/", element: <HomePage /> },
      {
        path: "/tags",
        lazy: page(
          () => import("@/pages/tags/tags.page"),
          (m) => m.TagsPage,
        ),
      },
      {
        path: "/tags/:name",
        lazy: page(
          () => import("@/pages/tag/tag.page"),
          (m) => m.TagPage,
        ),
      },
      {
        path: "/posts/:id",
        lazy: page(
          () => import("@/pages/post/post.page"),
          (m) => m.PostPage,
        ),
      },
      {
        path: "/posts/:id/edit",
        lazy: page(
          () => import("@/pages/compose/edit-post.page"),
          (m) => m.EditPostPage,
        ),
      },
      {
        path: "/compose",
        lazy: page(
          () => import("@/pages/compose/compose.page"),
          (m) => m.ComposePage,
        ),
      },
      {
        path: "/search",
        lazy: page(
          () => import("@/pages/search/search.page"),
          (m) => m.SearchPage,
        ),
      },
      {
        path: "/users/:name",
        lazy: page(
          () => import("@/pages/profile/profile.page"),
          (m) => m.ProfilePage,
        ),
      },
      {
        path: "/users/:name/:tab",
        lazy: page(
          () => import("@/pages/profile/profile.page"),
          (m) => m.ProfilePage,
        ),
      },
      {
        path: "/settings",
        lazy: page(
          () => import("@/pages/settings/settings.page"),
          (m) => m.SettingsPage,
        ),
      },
      {
        path: "/notifications",
        lazy: page(
          () => import("@/pages/notifications/notifications.page"),
          (m) => m.NotificationsPage,
        ),
      },
      {
        path: "/moderation",
        lazy: page(
          () => import("@/pages/moderation/moderation.page"),
          (m) => m.ModerationPage,
        ),
      },
      {
        path: "/modlog",
        lazy: page(
          () => import("@/pages/modlog/modlog.page"),
          (m) => m.ModlogPage,
        ),
      },
      {
        path: "/admin",
        lazy: page(
          () => import("@/pages/admin/admin.page"),
          (m) => m.AdminPage,
        ),
      },
      {
        path: "/unsubscribe",
        lazy: page(
          () => import("@/pages/unsubscribe/unsubscribe.page"),
          (m) => m.UnsubscribePage,
        ),
      },
      {
        path: "/signin",
        lazy: page(
          () => import("@/pages/auth/sign-in.page"),
          (m) => m.SignInPage,
        ),
      },
      {
        path: "/register",
        lazy: page(
          () => import("@/pages/auth/register.page"),
          (m) => m.RegisterPage,
        ),
      },
      {
        path: "/confirm-email",
        lazy: page(
          () => import("@/pages/auth/confirm-email.page"),
          (m) => m.ConfirmEmailPage,
        ),
      },
      {
        path: "/confirm-email-change",
        lazy: page(
          () => import("@/pages/auth/confirm-email-change.page"),
          (m) => m.ConfirmEmailChangePage,
        ),
      },
      {
        path: "/forgot-password",
        lazy: page(
          () => import("@/pages/auth/forgot-password.page"),
          (m) => m.ForgotPasswordPage,
        ),
      },
      {
        path: "/reset-password",
        lazy: page(
          () => import("@/pages/auth/reset-password.page"),
          (m) => m.ResetPasswordPage,
        ),
      },
      {
        path: "/oauth/complete",
        lazy: page(
          () => import("@/pages/auth/oauth-complete.page"),
          (m) => m.OAuthCompletePage,
        ),
      },
      {
        path: "*",
        lazy: page(
          () => import("@/pages/not-found/not-found.page"),
          (m) => m.NotFoundPage,
        ),
      },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
