//! The configured sign-in providers (GitHub, one OpenID Connect issuer) and everything that
//! talks to them: authorization URLs with PKCE, the code exchange, the user's profile, and
//! OIDC discovery, JWKS and id_token verification.

use std::sync::Arc;
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken,
    EndpointNotSet, EndpointSet, ExtraTokenFields, HttpRequest, HttpResponse, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, StandardRevocableToken, StandardTokenResponse,
    TokenResponse, TokenUrl,
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;

use crate::config::Settings;

/// What a provider told us about the person signing in.
#[derive(Debug, Clone)]
pub struct ExternalProfile {
    /// The provider's stable id for this person.
    pub subject: String,
    /// A user name to derive ours from.
    pub login: String,
    pub display_name: String,
    /// Only an address the provider says is verified.
    pub verified_email: Option<String>,
    pub avatar_url: Option<String>,
}

impl ExternalProfile {
    /// The profile with control characters removed and every field bounded: it is text from
    /// elsewhere on its way into our tables (PostgreSQL cannot store NUL).
    pub fn cleaned(self) -> ExternalProfile {
        let clean = |value: &str, max: usize| -> String {
            crate::content::validation::strip_control(value, false)
                .chars()
                .take(max)
                .collect()
        };
        ExternalProfile {
            subject: clean(&self.subject, 255),
            login: clean(&self.login, 255),
            display_name: clean(&self.display_name, 64),
            verified_email: self
                .verified_email
                .filter(|email| email.len() <= 255 && !email.chars().any(char::is_control)),
            avatar_url: self
                .avatar_url
                .filter(|url| url.len() <= 2048 && !url.chars().any(char::is_control)),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// The provider refused or answered with something we cannot use.
    #[error("{0}")]
    Rejected(String),
    /// The provider could not be reached or failed.
    #[error("{0}")]
    Unavailable(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderKind {
    GitHub,
    Oidc,
}

/// The extra `id_token` an OpenID Connect token response carries.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct IdTokenField {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
}
impl ExtraTokenFields for IdTokenField {}

type ProviderTokenResponse = StandardTokenResponse<IdTokenField, BasicTokenType>;
type ProviderClient = Client<
    BasicErrorResponse,
    ProviderTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// A started authorization: the URL to send the browser to and what the callback needs.
pub struct Authorization {
    pub url: String,
    pub state: String,
    pub pkce_verifier: String,
    pub nonce: String,
}

pub struct Provider {
    /// `github` or `oidc`: the path segment and the stored provider name.
    pub id: &'static str,
    /// Shown on the sign-in button.
    pub name: String,
    pub kind: ProviderKind,
    client_id: String,
    client_secret: Option<SecretString>,
    scopes: Vec<String>,
    endpoints: Endpoints,
}

enum Endpoints {
    GitHub {
        authorize_url: String,
        token_url: String,
        api_url: String,
    },
    Oidc {
        issuer: String,
        discovery: RwLock<Option<(Arc<Discovered>, Instant)>>,
    },
}

/// What discovery and the JWKS said, cached for an hour.
struct Discovered {
    authorization_endpoint: String,
    token_endpoint: String,
    userinfo_endpoint: Option<String>,
    auth_type: AuthType,
    keys: RwLock<JwkSet>,
    jwks_uri: String,
}

#[derive(Deserialize)]
struct DiscoveryDocument {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    userinfo_endpoint: Option<String>,
    jwks_uri: String,
    #[serde(default)]
    token_endpoint_auth_methods_supported: Option<Vec<String>>,
}

const DISCOVERY_TTL: Duration = Duration::from_secs(3600);

pub struct Providers {
    providers: Vec<Provider>,
    http: reqwest::Client,
    /// `{public_url}/api/v1/auth/oauth`; each provider's callback is `/{id}/callback` under it.
    callback_base: String,
}

impl Providers {
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Providers> {
        let mut providers = Vec::new();
        if let (Some(client_id), Some(secret)) =
            (&settings.github_client_id, &settings.github_client_secret)
        {
            providers.push(Provider {
                id: "github",
                name: "GitHub".into(),
                kind: ProviderKind::GitHub,
                client_id: client_id.clone(),
                client_secret: Some(secret.clone()),
                scopes: vec!["read:user".into(), "user:email".into()],
                endpoints: Endpoints::GitHub {
                    authorize_url: settings.github_authorize_url.clone(),
                    token_url: settings.github_token_url.clone(),
                    api_url: settings.github_api_url.trim_end_matches('/').to_string(),
                },
            });
        }
        if let (Some(issuer), Some(client_id)) = (&settings.oidc_issuer, &settings.oidc_client_id) {
            providers.push(Provider {
                id: "oidc",
                name: settings.oidc_name.clone(),
                kind: ProviderKind::Oidc,
                client_id: client_id.clone(),
                client_secret: settings.oidc_client_secret.clone(),
                scopes: settings
                    .oidc_scopes
                    .split_whitespace()
                    .filter(|scope| *scope != "openid")
                    .map(str::to_string)
                    .collect(),
                endpoints: Endpoints::Oidc {
                    issuer: issuer.trim_end_matches('/').to_string(),
                    discovery: RwLock::new(None),
                },
            });
        }
        for provider in &providers {
            // Fail at start-up, naming the setting, rather than at the first sign-in.
            if let Endpoints::GitHub {
                authorize_url,
                token_url,
                api_url,
            } = &provider.endpoints
            {
                for (setting, value) in [
                    ("TIDINGS_GITHUB_AUTHORIZE_URL", authorize_url),
                    ("TIDINGS_GITHUB_TOKEN_URL", token_url),
                    ("TIDINGS_GITHUB_API_URL", api_url),
                ] {
                    url::Url::parse(value)
                        .map_err(|error| anyhow::anyhow!("{setting} is not a URL: {error}"))?;
                }
            }
        }
        let http = reqwest::Client::builder()
            // The token endpoint must answer itself: following a redirect there would hand
            // the code to whoever it points at.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .user_agent(concat!("tidings/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Providers {
            providers,
            http,
            callback_base: format!(
                "{}/api/v1/auth/oauth",
                settings.public_url.trim_end_matches('/')
            ),
        })
    }

    pub fn all(&self) -> &[Provider] {
        &self.providers
    }

    pub fn get(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|provider| provider.id == id)
    }

    pub fn callback_url(&self, provider: &Provider) -> String {
        format!("{}/{}/callback", self.callback_base, provider.id)
    }

    /// The provider's sign-in page for a new request, with PKCE (S256), `state` and, for
    /// OpenID Connect, a `nonce` the id_token must carry back.
    pub async fn authorize(&self, provider: &Provider) -> Result<Authorization, ProviderError> {
        let (auth_url, token_url, auth_type) = self.endpoints(provider).await?;
        let client = self.client(provider, &auth_url, &token_url, auth_type)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let state = CsrfToken::new_random();
        let nonce = CsrfToken::new_random().secret().clone();
        let mut request = client
            .authorize_url(|| state.clone())
            .set_pkce_challenge(challenge)
            .add_scopes(provider.scopes.iter().cloned().map(Scope::new));
        if provider.kind == ProviderKind::Oidc {
            request = request
                .add_scope(Scope::new("openid".into()))
                .add_extra_param("nonce", nonce.clone());
        }
        let (url, _) = request.url();
        Ok(Authorization {
            url: url.to_string(),
            state: state.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
            nonce,
        })
    }

    /// Trades the callback's code for tokens and returns who signed in.
    pub async fn finish(
        &self,
        provider: &Provider,
        code: &str,
        pkce_verifier: &str,
        nonce: &str,
    ) -> Result<ExternalProfile, ProviderError> {
        let (auth_url, token_url, auth_type) = self.endpoints(provider).await?;
        let client = self.client(provider, &auth_url, &token_url, auth_type)?;
        let http = |request: HttpRequest| self.send(request);
        let token = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_string()))
            .request_async(&http)
            .await
            .map_err(|error| match error {
                oauth2::RequestTokenError::ServerResponse(response) => {
                    ProviderError::Rejected(format!("the provider refused the code: {response}"))
                }
                other => ProviderError::Unavailable(format!("token request failed: {other}")),
            })?;
        let access_token = token.access_token().secret().clone();
        match &provider.endpoints {
            Endpoints::GitHub { api_url, .. } => self.github_profile(api_url, &access_token).await,
            Endpoints::Oidc { .. } => {
                let id_token = token.extra_fields().id_token.clone().ok_or_else(|| {
                    ProviderError::Rejected("the provider sent no id_token".into())
                })?;
                self.oidc_profile(provider, &id_token, nonce, &access_token)
                    .await
            }
        }
    }

    fn client(
        &self,
        provider: &Provider,
        auth_url: &str,
        token_url: &str,
        auth_type: AuthType,
    ) -> Result<ProviderClient, ProviderError> {
        let bad_url =
            |error: url::ParseError| ProviderError::Unavailable(format!("bad endpoint: {error}"));
        let mut client = Client::new(ClientId::new(provider.client_id.clone()))
            .set_auth_uri(AuthUrl::new(auth_url.to_string()).map_err(bad_url)?)
            .set_token_uri(TokenUrl::new(token_url.to_string()).map_err(bad_url)?)
            .set_redirect_uri(RedirectUrl::new(self.callback_url(provider)).map_err(bad_url)?)
            .set_auth_type(auth_type);
        if let Some(secret) = &provider.client_secret {
            client = client.set_client_secret(ClientSecret::new(secret.expose_secret().into()));
        }
        Ok(client)
    }

    async fn endpoints(
        &self,
        provider: &Provider,
    ) -> Result<(String, String, AuthType), ProviderError> {
        match &provider.endpoints {
            Endpoints::GitHub {
                authorize_url,
                token_url,
                ..
            } => Ok((
                authorize_url.clone(),
                token_url.clone(),
                AuthType::BasicAuth,
            )),
            Endpoints::Oidc { .. } => {
                let discovered = self.discover(provider).await?;
                Ok((
                    discovered.authorization_endpoint.clone(),
                    discovered.token_endpoint.clone(),
                    discovered.auth_type.clone(),
                ))
            }
        }
    }

    /// Reads `/.well-known/openid-configuration` and the JWKS, once an hour.
    async fn discover(&self, provider: &Provider) -> Result<Arc<Discovered>, ProviderError> {
        let Endpoints::Oidc { issuer, discovery } = &provider.endpoints else {
            return Err(ProviderError::Unavailable("not an OIDC provider".into()));
        };
        if let Some((discovered, at)) = discovery.read().await.as_ref()
            && at.elapsed() < DISCOVERY_TTL
        {
            return Ok(discovered.clone());
        }
        let document: DiscoveryDocument = self
            .get_json(&format!("{issuer}/.well-known/openid-configuration"), None)
            .await?;
        if document.issuer.trim_end_matches('/') != issuer {
            return Err(ProviderError::Unavailable(format!(
                "discovery names issuer {} but {issuer} is configured",
                document.issuer
            )));
        }
        let keys: JwkSet = self.get_json(&document.jwks_uri, None).await?;
        let methods = document
            .token_endpoint_auth_methods_supported
            .unwrap_or_default();
        // client_secret_basic is the default when the provider does not say.
        let auth_type = if methods.is_empty() || methods.iter().any(|m| m == "client_secret_basic")
        {
            AuthType::BasicAuth
        } else {
            AuthType::RequestBody
        };
        let discovered = Arc::new(Discovered {
            authorization_endpoint: document.authorization_endpoint,
            token_endpoint: document.token_endpoint,
            userinfo_endpoint: document.userinfo_endpoint,
            auth_type,
            keys: RwLock::new(keys),
            jwks_uri: document.jwks_uri,
        });
        *discovery.write().await = Some((discovered.clone(), Instant::now()));
        Ok(discovered)
    }

    /// Verifies the id_token's signature (a key of the issuer's JWKS, fetched again once when
    /// the `kid` is unknown, as after a key rotation), issuer, audience, expiry and nonce.
    async fn oidc_profile(
        &self,
        provider: &Provider,
        id_token: &str,
        nonce: &str,
        access_token: &str,
    ) -> Result<ExternalProfile, ProviderError> {
        let Endpoints::Oidc { issuer, .. } = &provider.endpoints else {
            return Err(ProviderError::Unavailable("not an OIDC provider".into()));
        };
        let discovered = self.discover(provider).await?;
        let header = jsonwebtoken::decode_header(id_token)
            .map_err(|error| ProviderError::Rejected(format!("malformed id_token: {error}")))?;
        if !matches!(
            header.alg,
            Algorithm::RS256
                | Algorithm::RS384
                | Algorithm::RS512
                | Algorithm::PS256
                | Algorithm::PS384
                | Algorithm::PS512
                | Algorithm::ES256
                | Algorithm::ES384
                | Algorithm::EdDSA
        ) {
            // HS* would mean "signed with the client secret", which we never accept.
            return Err(ProviderError::Rejected(format!(
                "id_token algorithm {:?} is not accepted",
                header.alg
            )));
        }
        let kid = header.kid.clone().unwrap_or_default();
        let mut jwk = find_key(&*discovered.keys.read().await, &kid, header.alg);
        if jwk.is_none() {
            let fresh: JwkSet = self.get_json(&discovered.jwks_uri, None).await?;
            jwk = find_key(&fresh, &kid, header.alg);
            *discovered.keys.write().await = fresh;
        }
        let jwk =
            jwk.ok_or_else(|| ProviderError::Rejected("no key matches the id_token".into()))?;
        let key = DecodingKey::from_jwk(&jwk)
            .map_err(|error| ProviderError::Rejected(format!("unusable key: {error}")))?;
        let mut validation = Validation::new(header.alg);
        validation.set_issuer(&[issuer, &format!("{issuer}/")]);
        validation.set_audience(&[&provider.client_id]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 60;
        let claims = jsonwebtoken::decode::<IdTokenClaims>(id_token, &key, &validation)
            .map_err(|error| ProviderError::Rejected(format!("id_token rejected: {error}")))?
            .claims;
        if claims.nonce.as_deref() != Some(nonce) {
            return Err(ProviderError::Rejected(
                "id_token nonce does not match this sign-in".into(),
            ));
        }
        let mut profile = claims.profile();
        // The userinfo endpoint often knows more (email, picture) than the id_token says.
        if let Some(userinfo_url) = &discovered.userinfo_endpoint
            && (profile.verified_email.is_none() || profile.avatar_url.is_none())
        {
            let info: IdTokenClaims = self.get_json(userinfo_url, Some(access_token)).await?;
            if info.sub != claims.sub {
                return Err(ProviderError::Rejected(
                    "userinfo is about another subject than the id_token".into(),
                ));
            }
            let extra = info.profile();
            profile.verified_email = profile.verified_email.or(extra.verified_email);
            profile.avatar_url = profile.avatar_url.or(extra.avatar_url);
            if profile.display_name.is_empty() {
                profile.display_name = extra.display_name;
            }
            if profile.login == profile.subject {
                profile.login = extra.login;
            }
        }
        Ok(profile)
    }

    async fn github_profile(
        &self,
        api_url: &str,
        access_token: &str,
    ) -> Result<ExternalProfile, ProviderError> {
        let user: GitHubUser = self
            .get_json(&format!("{api_url}/user"), Some(access_token))
            .await?;
        // The profile's public address is a verified one; otherwise ask for the primary.
        let email = match user.email.filter(|email| !email.is_empty()) {
            Some(email) => Some(email),
            None => self
                .get_json::<Vec<GitHubEmail>>(&format!("{api_url}/user/emails"), Some(access_token))
                .await
                .ok()
                .and_then(|emails| {
                    emails
                        .into_iter()
                        .find(|email| email.primary && email.verified)
                        .map(|email| email.email)
                }),
        };
        Ok(ExternalProfile {
            subject: match user.id {
                serde_json::Value::String(id) => id,
                other => other.to_string(),
            },
            display_name: user.name.unwrap_or_default(),
            login: user.login,
            verified_email: email,
            avatar_url: user.avatar_url.filter(|url| !url.is_empty()),
        })
    }

    async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        url: &str,
        bearer: Option<&str>,
    ) -> Result<T, ProviderError> {
        let mut request = self
            .http
            .get(url)
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        let response = request
            .send()
            .await
            .map_err(|error| ProviderError::Unavailable(format!("GET {url}: {error}")))?;
        let status = response.status();
        if !status.is_success() {
            return Err(ProviderError::Unavailable(format!(
                "GET {url}: HTTP {status}"
            )));
        }
        let body = response
            .bytes()
            .await
            .map_err(|error| ProviderError::Unavailable(format!("GET {url}: {error}")))?;
        serde_json::from_slice(&body)
            .map_err(|error| ProviderError::Unavailable(format!("GET {url}: {error}")))
    }

    /// oauth2's HTTP hook, on our reqwest client (which does not follow redirects).
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, reqwest::Error> {
        let (parts, body) = request.into_parts();
        let mut outgoing = self.http.request(parts.method, parts.uri.to_string());
        for (name, value) in &parts.headers {
            outgoing = outgoing.header(name, value);
        }
        let response = outgoing.body(body).send().await?;
        let mut builder = oauth2::http::Response::builder().status(response.status());
        for (name, value) in response.headers() {
            builder = builder.header(name, value);
        }
        let body = response.bytes().await?.to_vec();
        Ok(builder
            .body(body)
            .unwrap_or_else(|_| oauth2::http::Response::new(Vec::new())))
    }
}

fn find_key(keys: &JwkSet, kid: &str, algorithm: Algorithm) -> Option<jsonwebtoken::jwk::Jwk> {
    if !kid.is_empty() {
        return keys.find(kid).cloned();
    }
    // Without a kid, the only key that can verify this algorithm.
    let mut matching = keys.keys.iter().filter(|jwk| {
        jwk.common
            .key_algorithm
            .is_none_or(|declared| format!("{declared:?}") == format!("{algorithm:?}"))
    });
    match (matching.next(), matching.next()) {
        (Some(only), None) => Some(only.clone()),
        _ => None,
    }
}

#[derive(Debug, Deserialize)]
struct IdTokenClaims {
    sub: String,
    #[serde(default)]
    nonce: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    email_verified: Option<serde_json::Value>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    preferred_username: Option<String>,
    #[serde(default)]
    nickname: Option<String>,
    #[serde(default)]
    picture: Option<String>,
}

impl IdTokenClaims {
    fn profile(&self) -> ExternalProfile {
        // Some providers send "true" as a string.
        let verified = matches!(&self.email_verified, Some(serde_json::Value::Bool(true)))
            || matches!(&self.email_verified, Some(serde_json::Value::String(s)) if s == "true");
        ExternalProfile {
            subject: self.sub.clone(),
            login: self
                .preferred_username
                .clone()
                .or_else(|| self.nickname.clone())
                .or_else(|| {
                    self.email
                        .as_ref()
                        .and_then(|email| email.split('@').next().map(str::to_string))
                })
                .unwrap_or_else(|| self.sub.clone()),
            display_name: self.name.clone().unwrap_or_default(),
            verified_email: self.email.clone().filter(|_| verified),
            avatar_url: self.picture.clone().filter(|url| !url.is_empty()),
        }
    }
}

#[derive(Debug, Deserialize)]
struct GitHubUser {
    id: serde_json::Value,
    login: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    avatar_url: Option<String>,
}

#[derive(Debug, Deserialize)]
struct GitHubEmail {
    email: String,
    #[serde(default)]
    primary: bool,
    #[serde(default)]
    verified: bool,
}
