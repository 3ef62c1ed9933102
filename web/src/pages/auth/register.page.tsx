import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { OAuthButtons, RegisterForm } from "@/features/auth";
import { useViewer } from "@/entities/session";
import { signInPath } from "@/shared/config";
import { useDocumentTitle } from "@/shared/lib";
import { safeNext } from "./safe-next";

export function RegisterPage() {
  useDocumentTitle("Create an account");
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const navigate = useNavigate();
  const { signedIn } = useViewer();
  if (signedIn) return <Navigate to={next} replace />;
  return (
    <div className="layout-auth">
      <div className="card auth-card">
        <h1 className="page-title">Create an account</h1>
        <RegisterForm onRegistered={() => void navigate(next, { replace: true })} />
        <OAuthButtons verb="Sign up" returnTo={next} />
        <p className="form-aside center-text">
          Already have an account? <Link to={signInPath(next)}>Sign in</Link>
        </p>
      </div>
    </div>
  );
}
