import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { signInPath } from "@/shared/config";
import { ErrorState, Loading } from "@/shared/ui";
import { useViewer } from "./session.model";
import type { Me } from "@/shared/api";

/** Renders its children with the signed-in user, or sends the visitor to sign in and back. */
export function RequireSession({ children }: { children: (me: Me) => ReactNode }) {
  const { me, signedIn, error } = useViewer();
  const location = useLocation();
  if (!signedIn) return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  if (!me) return error ? <ErrorState error={error} /> : <Loading />;
  return <>{children(me)}</>;
}
