//! Outgoing mail: the transport (SMTP, or `.eml` files in `data_dir/outbox` when no SMTP server
//! is configured), the templates, and building multipart/alternative messages. Mail is only
//! ever sent from a job (`Job::SendMail`), never inside a request.

pub mod templates;

use std::path::PathBuf;

use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

pub use templates::{MailKind, Rendered, Templates};

use crate::config::Settings;

/// Where messages go.
pub enum Mailer {
    /// The embedded default: one `<ulid>.eml` file per message in this folder.
    Outbox(PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// The transport, the templates and the sender address, shared by every job.
pub struct Mail {
    pub mailer: Mailer,
    pub templates: Templates,
    from: Mailbox,
}

impl Mail {
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Mail> {
        let templates = Templates::load(settings.mail_templates_dir.as_deref())?;
        let from: Mailbox = settings
            .mail_from
            .parse()
            .map_err(|error| anyhow::anyhow!("TIDINGS_MAIL_FROM is not an address: {error}"))?;
        let mailer = match &settings.smtp_url {
            Some(url) => Mailer::Smtp(smtp_transport(url.expose_secret())?),
            None => Mailer::Outbox(settings.data_dir.join("outbox")),
        };
        Ok(Mail {
            mailer,
            templates,
            from,
        })
    }

    pub fn is_outbox(&self) -> bool {
        matches!(self.mailer, Mailer::Outbox(_))
    }

    /// Sends one rendered mail to `to`.
    pub async fn send(&self, kind: MailKind, to: &str, rendered: Rendered) -> anyhow::Result<()> {
        self.send_with_unsubscribe(kind, to, rendered, None).await
    }

    /// Sends one rendered mail to `to`; with `unsubscribe` (an HTTPS URL that turns this kind
    /// of mail off when POSTed to), the RFC 8058 one-click unsubscribe headers.
    #[tracing::instrument(skip_all, fields(kind = ?kind))]
    pub async fn send_with_unsubscribe(
        &self,
        kind: MailKind,
        to: &str,
        rendered: Rendered,
        unsubscribe: Option<&str>,
    ) -> anyhow::Result<()> {
        let to: Mailbox = to
            .parse()
            .map_err(|error| anyhow::anyhow!("the recipient is not an address: {error}"))?;
        let mut builder = Message::builder().from(self.from.clone()).to(to);
        if let Some(url) = unsubscribe {
            builder = builder
                .header(ListUnsubscribe(format!("<{url}>")))
                .header(ListUnsubscribePost);
        }
        let message = builder.subject(rendered.subject).multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(rendered.text),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(rendered.html),
                ),
        )?;
        match &self.mailer {
            Mailer::Smtp(transport) => {
                transport.send(message).await?;
            }
            Mailer::Outbox(dir) => {
                tokio::fs::create_dir_all(dir).await?;
                let path = dir.join(format!("{}.eml", ulid::Ulid::generate()));
                tokio::fs::write(&path, message.formatted()).await?;
                tracing::info!(path = %path.display(), "mail written to the outbox folder");
            }
        }
        Ok(())
    }
}

/// `List-Unsubscribe: <url>` (RFC 2369).
#[derive(Debug, Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(value: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(value.to_string()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): the link works by a POST
/// with no further step, and a GET (a scanner following links) changes nothing.
#[derive(Debug, Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_value: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_string())
    }
}

/// `smtp://user:pass@host:port?tls=starttls|tls|none` (STARTTLS by default; port 587, or 465
/// for `tls`, 25 for `none`).
fn smtp_transport(raw: &str) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
    let url = url::Url::parse(raw).map_err(|error| anyhow::anyhow!("TIDINGS_SMTP_URL: {error}"))?;
    anyhow::ensure!(
        url.scheme() == "smtp",
        "TIDINGS_SMTP_URL must start with smtp://"
    );
    let host = url
        .host_str()
        .ok_or_else(|| anyhow::anyhow!("TIDINGS_SMTP_URL has no host"))?
        .to_string();
    let tls = url
        .query_pairs()
        .find(|(key, _)| key == "tls")
        .map(|(_, value)| value.to_string())
        .unwrap_or_else(|| "starttls".into());
    let mut builder = match tls.as_str() {
        "starttls" => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&host)?
            .port(url.port().unwrap_or(587)),
        "tls" => {
            AsyncSmtpTransport::<Tokio1Executor>::relay(&host)?.port(url.port().unwrap_or(465))
        }
        "none" => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&host)
            .port(url.port().unwrap_or(25)),
        other => anyhow::bail!("TIDINGS_SMTP_URL: tls={other}; expected starttls, tls or none"),
    };
    if !url.username().is_empty() {
        let user = percent_decode(url.username());
        let password = percent_decode(url.password().unwrap_or_default());
        builder = builder.credentials(Credentials::new(user, password));
    }
    Ok(builder.build())
}

/// Undoes `%XX` escapes (user names and passwords in a URL are percent-encoded).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && index + 2 < bytes.len()
            && let Some(byte) = std::str::from_utf8(&bytes[index + 1..index + 3])
                .ok()
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(byte);
            index += 3;
            continue;
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
