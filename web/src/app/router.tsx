import { createBrowserRouter } from "react-router";
import { ConfirmEmailPage } from "@/pages/auth/confirm-email.page";
import { ForgotPasswordPage } from "@/pages/auth/forgot-password.page";
import { OAuthCompletePage } from "@/pages/auth/oauth-complete.page";
import { RegisterPage } from "@/pages/auth/register.page";
import { ResetPasswordPage } from "@/pages/auth/reset-password.page";
import { SignInPage } from "@/pages/auth/sign-in.page";
import { HomePage } from "@/pages/home/home.page";
import { NotFoundPage } from "@/pages/not-found/not-found.page";
import { PostPage } from "@/pages/post/post.page";
import { ProfilePage } from "@/pages/profile/profile.page";
import { SearchPage } from "@/pages/search/search.page";
import { SettingsPage } from "@/pages/settings/settings.page";
import { TagPage } from "@/pages/tag/tag.page";
import { TagsPage } from "@/pages/tags/tags.page";
import { Layout } from "./layout.ui";

export const routes = [
  {
    element: <Layout />,
    children: [
      { path: "/", element: <HomePage /> },
      { path: "/tags", element: <TagsPage /> },
      { path: "/tags/:name", element: <TagPage /> },
      { path: "/posts/:id", element: <PostPage /> },
      // The editor (with the markdown preview library) is loaded only when someone writes.
      {
        path: "/posts/:id/edit",
        lazy: () => import("@/pages/compose/edit-post.page").then((m) => ({ Component: m.EditPostPage })),
      },
      { path: "/compose", lazy: () => import("@/pages/compose/compose.page").then((m) => ({ Component: m.ComposePage })) },
      { path: "/search", element: <SearchPage /> },
      { path: "/users/:name", element: <ProfilePage /> },
      { path: "/users/:name/:tab", element: <ProfilePage /> },
      { path: "/settings", element: <SettingsPage /> },
      { path: "/signin", element: <SignInPage /> },
      { path: "/register", element: <RegisterPage /> },
      { path: "/confirm-email", element: <ConfirmEmailPage /> },
      { path: "/forgot-password", element: <ForgotPasswordPage /> },
      { path: "/reset-password", element: <ResetPasswordPage /> },
      { path: "/oauth/complete", element: <OAuthCompletePage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
