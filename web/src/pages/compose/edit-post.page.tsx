import { useQuery } from "@tanstack/react-query";
import { useNavigate, useParams } from "react-router";
import { PostEditor } from "@/features/edit-post";
import { MentionTextArea } from "@/features/mention-autocomplete";
import { postQuery } from "@/entities/post";
import { RequireSession } from "@/entities/session";
import { paths } from "@/shared/config";
import { useDocumentTitle } from "@/shared/lib";
import { Alert, ErrorState, Loading } from "@/shared/ui";

export function EditPostPage() {
  const id = Number(useParams().id);
  const post = useQuery({ ...postQuery(id), enabled: Number.isInteger(id) && id > 0 });
  const navigate = useNavigate();
  useDocumentTitle("Edit post");
  return (
    <RequireSession>
      {(me) => {
        if (post.isPending) return <Loading label="Loading post…" />;
        if (post.isError) return <ErrorState error={post.error} onRetry={() => void post.refetch()} />;
        if (post.data.author.id !== me.id) return <Alert>Only the author can edit this post.</Alert>;
        return (
          <div className="layout-narrow">
            <h1 className="page-title">Edit post</h1>
            <div className="card">
              <PostEditor
                key={post.data.id}
                post={post.data}
                onSaved={(saved) => void navigate(paths.post(saved.id))}
                onCancel={() => void navigate(paths.post(id))}
                textArea={MentionTextArea}
              />
            </div>
          </div>
        );
      }}
    </RequireSession>
  );
}
