//! Finishing a provider sign-in: the callback's one-time code traded for a session.
import type { QueryClient } from "@tanstack/react-query";
import { exchangeOAuthCode, startSession } from "@/entities/session";
import type { AuthResponse } from "@/shared/api";

/** Per code, the one exchange made for it: the code works once, and StrictMode runs effects twice. */
const exchanges = new Map<string, Promise<AuthResponse>>();

/**
 * Trades the code for tokens and stores the session exactly as a password sign-in does. Called
 * again with the same code (a second effect run, a re-mounted page) it returns the same promise
 * instead of spending a used code.
 */
export function signInWithOAuthCode(queryClient: QueryClient, code: string): Promise<AuthResponse> {
  let exchange = exchanges.get(code);
  if (!exchange) {
    exchange = exchangeOAuthCode(code).then((auth) => {
      startSession(queryClient, auth);
      return auth;
    });
    exchanges.set(code, exchange);
  }
  return exchange;
}
