import { fullDate, timeAgo } from "@/shared/lib";

export function TimeAgo({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={fullDate(iso)}>
      {timeAgo(iso)}
    </time>
  );
}
