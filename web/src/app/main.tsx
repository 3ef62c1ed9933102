import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { watchNotificationStream } from "@/entities/notification";
import { watchSessionIdentity } from "@/entities/session";
import { applyTheme } from "@/shared/lib";
import { takeOver } from "./first-paint";
import { createQueryClient } from "./query-client";
import { createRouter } from "./router";
import "./styles.css";

applyTheme(); // before the first render, so a remembered dark choice does not flash light
const queryClient = createQueryClient();
watchSessionIdentity(queryClient);
// After the identity watcher: a sign-in first resets the old person's cache, then opens the stream.
watchNotificationStream(queryClient);
const router = createRouter();

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
const reactRoot = createRoot(root);
// Over the page the server drew, if it drew one (first-paint.ts).
void takeOver(
  root,
  () =>
    reactRoot.render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </StrictMode>,
    ),
  { router, queryClient },
);
