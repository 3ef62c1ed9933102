import { api, unwrap, unwrapEmpty, type LoginRequest, type Registered, type RegisterRequest } from "@/shared/api";

export const fetchMe = (signal?: AbortSignal) => unwrap(api.GET("/api/v1/me", { signal }));
export const login = (body: LoginRequest) => unwrap(api.POST("/api/v1/auth/login", { body }));
/** 201 with a session, or 202 `confirmation_sent` (no session) where addresses must be confirmed first. */
export const register = (body: RegisterRequest): Promise<Registered> => unwrap(api.POST("/api/v1/auth/register", { body }));
export const logout = (refreshToken: string) =>
  unwrapEmpty(api.POST("/api/v1/auth/logout", { body: { refresh_token: refreshToken } }));

export const confirmEmail = (token: string) => unwrapEmpty(api.POST("/api/v1/auth/confirm", { body: { token } }));
/** Mails a new confirmation link: to the signed-in account, or (signed out) to `email`'s account. */
export const resendConfirmation = (email?: string) =>
  unwrapEmpty(api.POST("/api/v1/auth/confirm/resend", { body: email ? { email } : {} }));
/** Opens the link mailed to a new address (`/confirm-email-change?token=…`); signed in or not. */
export const confirmEmailChange = (token: string) => unwrapEmpty(api.POST("/api/v1/auth/email/confirm", { body: { token } }));
export const forgotPassword = (email: string) => unwrapEmpty(api.POST("/api/v1/auth/password/forgot", { body: { email } }));
export const resetPassword = (token: string, password: string) =>
  unwrapEmpty(api.POST("/api/v1/auth/password/reset", { body: { token, password } }));

/** The one-time code from `/oauth/complete#code=…` for a session (valid 2 minutes, once). */
export const exchangeOAuthCode = (code: string) => unwrap(api.POST("/api/v1/auth/oauth/exchange", { body: { code } }));
