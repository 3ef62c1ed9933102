import { NotFound } from "@/shared/ui";

export function NotFoundPage() {
  return <NotFound />;
}
