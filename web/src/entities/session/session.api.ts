import { api, requestUntyped, unwrap, unwrapEmpty, type LoginRequest, type RegisterRequest } from "@/shared/api";

export const fetchMe = (signal?: AbortSignal) => unwrap(api.GET("/api/v1/me", { signal }));
export const login = (body: LoginRequest) => unwrap(api.POST("/api/v1/auth/login", { body }));
export const register = (body: RegisterRequest) => unwrap(api.POST("/api/v1/auth/register", { body }));
export const logout = (refreshToken: string) =>
  unwrapEmpty(api.POST("/api/v1/auth/logout", { body: { refresh_token: refreshToken } }));

// Not in openapi.json yet: the same client, untyped until the endpoints land in the spec.
export const confirmEmail = (token: string) => requestUntyped<unknown>("POST", "/auth/confirm", { json: { token } });
export const forgotPassword = (email: string) => requestUntyped<unknown>("POST", "/auth/password/forgot", { json: { email } });
export const resetPassword = (token: string, password: string) =>
  requestUntyped<unknown>("POST", "/auth/password/reset", { json: { token, password } });
