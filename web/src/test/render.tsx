import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter, RouterProvider, createMemoryRouter, type RouteObject } from "react-router";

export function testQueryClient() {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity, gcTime: Infinity }, mutations: { retry: false } },
  });
}

export function wrapperFor(queryClient: QueryClient, path = "/") {
  return function Wrapper({ children }: { children: ReactNode }) {
    return (
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={[path]}>{children}</MemoryRouter>
      </QueryClientProvider>
    );
  };
}

export function renderWithProviders(ui: ReactNode, { queryClient = testQueryClient(), path = "/" } = {}) {
  return { queryClient, ...render(ui, { wrapper: wrapperFor(queryClient, path) }) };
}

export function renderHookWithProviders<T>(hook: () => T, { queryClient = testQueryClient(), path = "/" } = {}) {
  return { queryClient, ...renderHook(hook, { wrapper: wrapperFor(queryClient, path) }) };
}

/**
 * Renders `ui` at `path` inside a data router (what the app uses), for components that need one
 * (`useBlocker`). `routes` adds other pages to navigate to.
 */
export function renderInDataRouter(
  ui: ReactNode,
  { queryClient = testQueryClient(), path = "/", routes = [] as RouteObject[] } = {},
) {
  const router = createMemoryRouter([{ path, element: ui }, ...routes], { initialEntries: [path] });
  const view = render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { queryClient, router, ...view };
}
