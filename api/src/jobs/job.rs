//! What a job is: one variant per kind of background work, serialized into the queue as JSON.

use serde::{Deserialize, Serialize};

use crate::domain::ids::{FeedSourceId, PostId, UserId};
use crate::domain::notify::NotifyEvent;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// Push a new post into its author's followers' Redis timelines.
    FanOutPost { post_id: PostId, author_id: UserId },
    /// Take a deleted post out of every Redis timeline.
    RemovePost { post_id: PostId, author_id: UserId },
    /// `user_id` followed `author_id`: add the author's recent posts to the timeline.
    BackfillTimeline { user_id: UserId, author_id: UserId },
    /// `user_id` unfollowed `author_id`: take the author's posts out of the timeline.
    RemoveAuthorFromTimeline { user_id: UserId, author_id: UserId },
    /// Bring the search documents of every post marked in `search_dirty` up to date.
    IndexPosts,
    /// Fetch a feed source and import its new entries as posts.
    PollFeed { source_id: FeedSourceId },
    /// A canary: counts its attempts in `job_probes` and fails its first `fail_attempts` ones,
    /// so an operator (or a test) can watch retries and delivery end to end.
    Probe { name: String, fail_attempts: u32 },
    /// Mail `user_id` one of the account mails. Links' single-use tokens are made when the job
    /// runs, so no token ever sits in the queue or its logs.
    SendMail {
        user_id: UserId,
        mail: crate::mail::MailKind,
    },
    /// Mail `to`, an address the account no longer has: the notice after an address change.
    SendMailTo {
        user_id: UserId,
        mail: crate::mail::MailKind,
        to: String,
    },
    /// Make the picture at `url` (e.g. an OAuth provider's) the user's avatar, unless they
    /// have one by the time the job runs. Fetched with the feed fetcher's SSRF rules.
    FetchAvatar { user_id: UserId, url: String },
    /// Turn writes into notifications. The relay merges the events of the jobs it moves
    /// together into one job, so a burst of likes becomes a few batches, not a job each.
    Notify { events: Vec<NotifyEvent> },
    /// Mail `user_id` a digest of the notifications owed to them, at most one every few
    /// minutes.
    MailNotifications { user_id: UserId },
}

impl Job {
    /// A short name for logs and metrics.
    pub fn kind(&self) -> &'static str {
        match self {
            Job::FanOutPost { .. } => "fan_out_post",
            Job::RemovePost { .. } => "remove_post",
            Job::BackfillTimeline { .. } => "backfill_timeline",
            Job::RemoveAuthorFromTimeline { .. } => "remove_author_from_timeline",
            Job::IndexPosts => "index_posts",
            Job::PollFeed { .. } => "poll_feed",
            Job::Probe { .. } => "probe",
            Job::SendMail { .. } | Job::SendMailTo { .. } => "send_mail",
            Job::FetchAvatar { .. } => "fetch_avatar",
            Job::Notify { .. } => "notify",
            Job::MailNotifications { .. } => "mail_notifications",
        }
    }

    /// The jobs of one relay batch, with every `Notify` merged into the first (events kept in
    /// order) and repeated `IndexPosts` dropped: both drain shared work, so one does for all.
    pub fn coalesce(jobs: Vec<Job>) -> Vec<Job> {
        let mut merged: Vec<Job> = Vec::with_capacity(jobs.len());
        let mut notify_at: Option<usize> = None;
        let mut indexing = false;
        for job in jobs {
            match job {
                Job::Notify { events } => match notify_at {
                    Some(at) => {
                        if let Job::Notify { events: into } = &mut merged[at] {
                            into.extend(events);
                        }
                    }
                    None => {
                        notify_at = Some(merged.len());
                        merged.push(Job::Notify { events });
                    }
                },
                Job::IndexPosts if indexing => {}
                Job::IndexPosts => {
                    indexing = true;
                    merged.push(Job::IndexPosts);
                }
                other => merged.push(other),
            }
        }
        merged
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::CommentId;

    #[test]
    fn a_batch_becomes_one_notify_job_and_one_index_job() {
        let replied = |id| Job::Notify {
            events: vec![NotifyEvent::Replied {
                comment_id: CommentId(id),
            }],
        };
        let probe = Job::Probe {
            name: "p".into(),
            fail_attempts: 0,
        };
        let jobs = vec![
            replied(1),
            Job::IndexPosts,
            probe.clone(),
            replied(2),
            Job::IndexPosts,
            replied(3),
        ];
        let merged = Job::coalesce(jobs);
        assert_eq!(
            merged,
            vec![
                Job::Notify {
                    events: (1..=3)
                        .map(|id| NotifyEvent::Replied {
                            comment_id: CommentId(id)
                        })
                        .collect()
                },
                Job::IndexPosts,
                probe,
            ]
        );
    }
}
