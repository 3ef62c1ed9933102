import { useNavigate } from "react-router";
import { UnconfirmedBanner } from "@/features/auth";
import { PostEditor } from "@/features/edit-post";
import { MentionTextArea } from "@/features/mention-autocomplete";
import { RequireSession } from "@/entities/session";
import { paths } from "@/shared/config";
import { useDocumentTitle } from "@/shared/lib";

export function ComposePage() {
  useDocumentTitle("New post");
  const navigate = useNavigate();
  return (
    <RequireSession>
      {(me) => (
        <div className="layout-narrow">
          <h1 className="page-title">New post</h1>
          <UnconfirmedBanner me={me} />
          <div className="card">
            <PostEditor
              onSaved={(post) => void navigate(paths.post(post.id))}
              onCancel={() => void navigate(-1)}
              textArea={MentionTextArea}
            />
          </div>
        </div>
      )}
    </RequireSession>
  );
}
