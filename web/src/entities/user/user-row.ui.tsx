import type { ReactNode } from "react";
import { Link } from "react-router";
import type { UserCard } from "@/shared/api";
import { paths } from "@/shared/config";
import { displayName } from "@/shared/lib";
import { Avatar } from "@/shared/ui";

export function UserRow({ user, action }: { user: UserCard; action?: ReactNode }) {
  return (
    <li className="card user-row" data-user-id={user.id}>
      <Avatar user={user} size={40} />
      <div className="user-row-body">
        <Link className="user-row-name" to={paths.user(user.name)}>
          {displayName(user)}
        </Link>
        <span className="muted"> @{user.name}</span>
        {user.bio ? <p className="user-row-bio">{user.bio}</p> : null}
      </div>
      {action}
    </li>
  );
}
