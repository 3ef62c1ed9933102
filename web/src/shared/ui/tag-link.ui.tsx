import { Link } from "react-router";
import { paths } from "@/shared/config";

export function TagLinks({ tags }: { tags: string[] }) {
  if (!tags.length) return null;
  return (
    <ul className="tag-list" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag}>
          <Link className="tag" to={paths.tag(tag)}>
            #{tag}
          </Link>
        </li>
      ))}
    </ul>
  );
}
