import { useQuery } from "@tanstack/react-query";
import { kindInfo, notificationSettingsQuery } from "@/entities/notification";
import { toApiError, type KindSetting } from "@/shared/api";
import { Alert, ErrorState, Loading } from "@/shared/ui";
import { useUpdateNotificationSetting } from "./update-notification-settings.mutation";

const CHANNELS = [
  { field: "in_app", title: "In app", name: "in the app" },
  { field: "mail", title: "Email", name: "by email" },
] as const;

/**
 * Settings → Notifications: a row per kind (replies, mentions, likes, new followers), a checkbox
 * per way of being told (in the app: the inbox and the bell's count; by email: a digest, at most
 * one every few minutes). Each change is saved at once; a status line says whether it was.
 */
export function NotificationSettingsTable() {
  const settings = useQuery(notificationSettingsQuery());
  const update = useUpdateNotificationSetting();

  let body;
  if (settings.isPending) body = <Loading label="Loading your notification settings…" />;
  else if (settings.isError) body = <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  else
    body = (
      <>
        <table className="notification-settings-table">
          <caption className="sr-only">Notify me about each of these, in the app and by email</caption>
          <thead>
            <tr>
              <th scope="col">Notify me about</th>
              {CHANNELS.map((channel) => (
                <th key={channel.field} scope="col" className="notification-settings-channel">
                  {channel.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {settings.data.kinds.map((setting) => {
              const info = kindInfo(setting.kind);
              return (
                <tr key={setting.kind} data-kind={setting.kind}>
                  <th scope="row">
                    <span className="notification-settings-kind">{info.label}</span>
                    {info.hint ? <span className="field-hint">{info.hint}</span> : null}
                  </th>
                  {CHANNELS.map((channel) => (
                    <td key={channel.field} className="notification-settings-channel">
                      <input
                        type="checkbox"
                        checked={setting[channel.field]}
                        aria-label={`${info.label} ${channel.name}`}
                        data-channel={channel.field}
                        onChange={(event) =>
                          update.mutate({ ...setting, [channel.field]: event.target.checked } satisfies KindSetting)
                        }
                      />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
        <p className="notification-settings-status muted" role="status" data-settings-status>
          {update.isPending ? "Saving…" : update.isSuccess ? "Saved." : ""}
        </p>
        {update.isError ? <Alert>Your change was not saved. {toApiError(update.error).message}</Alert> : null}
      </>
    );
  return (
    <section className="form" aria-labelledby="notification-settings-heading" data-notification-settings="">
      <h3 id="notification-settings-heading">What you are told about</h3>
      <p className="field-hint">
        In the app, it shows under the bell at the top of the page. By email, it comes in one mail for several, at most one every
        few minutes; each mail has a link to stop them.
      </p>
      {body}
    </section>
  );
}
