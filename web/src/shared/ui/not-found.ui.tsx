import { Link } from "react-router";
import { paths } from "@/shared/config";
import { useDocumentTitle } from "@/shared/lib";

export function NotFound({ what = "page" }: { what?: string }) {
  useDocumentTitle("Not found");
  return (
    <div className="layout-narrow center-text">
      <h1 className="page-title">This {what} does not exist</h1>
      <p className="muted">It may have been deleted, or the address is mistyped.</p>
      <p>
        <Link className="btn btn-secondary" to={paths.home}>
          Back to the front page
        </Link>
      </p>
    </div>
  );
}
