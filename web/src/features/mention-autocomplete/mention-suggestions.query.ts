import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { fetchUserSuggestions } from "@/entities/user";
import type { UserSuggestion } from "@/shared/api";

/** How long typing must pause before suggestions are asked for. */
export const SUGGEST_DELAY_MS = 150;
/** How many people are offered. */
export const SUGGESTION_LIMIT = 6;

function useDebounced(value: string, delay: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (!value) {
      setSettled(""); // closing is not delayed
      return;
    }
    const timer = window.setTimeout(() => setSettled(value), delay);
    return () => window.clearTimeout(timer);
  }, [value, delay]);
  return value ? settled : "";
}

/**
 * The people offered for `prefix` (the letters after `@`; "" for none). Asked 150 ms after the
 * typing stops; a request for letters since typed over is cancelled (the query's signal), and
 * its answer, if it came, is not shown. While the next answer is on its way the last one stays,
 * narrowed to the names that still fit.
 */
export function useMentionSuggestions(prefix: string): UserSuggestion[] {
  const asked = useDebounced(prefix, SUGGEST_DELAY_MS);
  const query = useQuery({
    queryKey: ["users", "suggestions", asked.toLowerCase()],
    queryFn: async ({ signal }) => ({ prefix: asked, users: await fetchUserSuggestions(asked, SUGGESTION_LIMIT, signal) }),
    enabled: asked.length > 0,
    staleTime: 30_000,
    retry: false,
    placeholderData: keepPreviousData,
  });
  const answer = query.data;
  if (!prefix || !answer) return [];
  const current = prefix.toLowerCase();
  const answered = answer.prefix.toLowerCase();
  if (answered === current) return answer.users;
  if (!current.startsWith(answered)) return [];
  const fits = (text: string) => text.toLowerCase().startsWith(current);
  return answer.users.filter((user) => fits(user.name) || fits(user.display_name));
}
