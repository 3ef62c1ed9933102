import { api, unwrap, unwrapEmpty, type LoginRequest, type RegisterRequest } from "@/shared/api";

export const fetchMe = (signal?: AbortSignal) => unwrap(api.GET("/api/v1/me", { signal }));
export const login = (body: LoginRequest) => unwrap(api.POST("/api/v1/auth/login", { body }));
export const register = (body: RegisterRequest) => unwrap(api.POST("/api/v1/auth/register", { body }));
export const logout = (refreshToken: string) =>
  unwrapEmpty(api.POST("/api/v1/auth/logout", { body: { refresh_token: refreshToken } }));

export const confirmEmail = (token: string) => unwrapEmpty(api.POST("/api/v1/auth/confirm", { body: { token } }));
export const forgotPassword = (email: string) => unwrapEmpty(api.POST("/api/v1/auth/password/forgot", { body: { email } }));
export const resetPassword = (token: string, password: string) =>
  unwrapEmpty(api.POST("/api/v1/auth/password/reset", { body: { token, password } }));

/** The one-time code from `/oauth/complete#code=…` for a session (valid 2 minutes, once). */
export const exchangeOAuthCode = (code: string) => unwrap(api.POST("/api/v1/auth/oauth/exchange", { body: { code } }));
