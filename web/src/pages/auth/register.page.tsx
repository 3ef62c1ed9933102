import { useEffect, useState } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { CheckInbox, OAuthButtons, RegisterForm } from "@/features/auth";
import { isSignedInResponse, useViewer } from "@/entities/session";
import { signInPath } from "@/shared/config";
import { useDocumentTitle } from "@/shared/lib";
import { safeNext } from "./safe-next";

export function RegisterPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const navigate = useNavigate();
  const { signedIn } = useViewer();
  // Where addresses are confirmed first, registering signs nobody in: it mails a link.
  const [pendingEmail, setPendingEmail] = useState<string | null>(null);
  useDocumentTitle(pendingEmail ? "Check your inbox" : "Create an account");
  useEffect(() => {
    if (pendingEmail) document.getElementById("check-inbox-title")?.focus();
  }, [pendingEmail]);

  if (signedIn && !pendingEmail) return <Navigate to={next} replace />;
  return (
    <div className="layout-auth">
      <div className="card auth-card">
        {pendingEmail ? (
          <CheckInbox email={pendingEmail} next={next} />
        ) : (
          <>
            <h1 className="page-title">Create an account</h1>
            <RegisterForm
              onRegistered={(registered) => {
                if (isSignedInResponse(registered)) void navigate(next, { replace: true });
                else setPendingEmail(registered.email);
              }}
            />
            <OAuthButtons verb="Sign up" returnTo={next} />
            <p className="form-aside center-text">
              Already have an account? <Link to={signInPath(next)}>Sign in</Link>
            </p>
          </>
        )}
      </div>
    </div>
  );
}
