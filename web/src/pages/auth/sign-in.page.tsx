import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { OAuthButtons, SignInForm } from "@/features/auth";
import { useViewer } from "@/entities/session";
import { registerPath } from "@/shared/config";
import { useDocumentTitle } from "@/shared/lib";
import { safeNext } from "./safe-next";

export function SignInPage() {
  useDocumentTitle("Sign in");
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const navigate = useNavigate();
  const { signedIn } = useViewer();
  if (signedIn) return <Navigate to={next} replace />;
  return (
    <div className="layout-auth">
      <div className="card auth-card">
        <h1 className="page-title">Sign in</h1>
        <SignInForm onSignedIn={() => void navigate(next, { replace: true })} />
        <OAuthButtons verb="Sign in" returnTo={next} />
        <p className="form-aside center-text">
          New here? <Link to={registerPath(next)}>Create an account</Link>
        </p>
      </div>
    </div>
  );
}
