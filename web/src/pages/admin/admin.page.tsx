import { useQuery } from "@tanstack/react-query";
import { ShieldOff, Users } from "lucide-react";
import { Link } from "react-router";
import { AppointModeratorForm, RemoveModeratorButton } from "@/features/manage-moderators";
import { staffQuery } from "@/entities/moderation";
import { RequireSession, isAdmin } from "@/entities/session";
import type { Role } from "@/shared/api";
import { paths } from "@/shared/config";
import { displayName, useDocumentTitle } from "@/shared/lib";
import { Avatar, EmptyState, ErrorState, Loading } from "@/shared/ui";

const ROLE_LABELS: Record<Role, string> = { user: "User", moderator: "Moderator", admin: "Administrator" };

function Staff() {
  const staff = useQuery(staffQuery());
  if (staff.isPending) return <Loading label="Loading the moderators…" />;
  if (staff.isError) return <ErrorState error={staff.error} onRetry={() => void staff.refetch()} />;
  if (!staff.data.length) return <EmptyState title="No moderators yet." icon={<Users aria-hidden="true" size={28} />} />;
  return (
    <table className="staff-table card">
      <caption className="sr-only">Moderators and administrators</caption>
      <thead>
        <tr>
          <th scope="col">Person</th>
          <th scope="col">Role</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {staff.data.map(({ user, role }) => (
          <tr key={user.id} data-user-id={user.id} data-role={role}>
            <th scope="row">
              <span className="staff-person">
                <Avatar user={user} size={28} />
                <Link to={paths.user(user.name)}>{displayName(user)}</Link>
                <span className="muted">@{user.name}</span>
              </span>
            </th>
            <td>{ROLE_LABELS[role]}</td>
            <td className="staff-actions">
              {/* Administrators are made on the server (`tidings create-admin`), not here. */}
              {role === "moderator" ? <RemoveModeratorButton user={user} /> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Administration() {
  return (
    <div className="layout-narrow admin-page">
      <h1 className="page-title">Administration</h1>
      <section className="card admin-section" aria-labelledby="staff-heading">
        <h2 id="staff-heading">Moderators</h2>
        <p className="muted">
          Appointments and removals are in the public <Link to={paths.modlog}>moderation log</Link>. Administrators are made on
          the server (<code>tidings create-admin</code>).
        </p>
        <AppointModeratorForm />
        <Staff />
      </section>
    </div>
  );
}

function AdminsOnly() {
  return (
    <div className="layout-narrow">
      <h1 className="page-title">Administration</h1>
      <EmptyState title="This page is for administrators only." icon={<ShieldOff aria-hidden="true" size={28} />} />
    </div>
  );
}

/** `/admin`: the moderators, appointing and removing them (administrators only). */
export function AdminPage() {
  useDocumentTitle("Administration");
  return <RequireSession>{(me) => (isAdmin(me) ? <Administration /> : <AdminsOnly />)}</RequireSession>;
}
