//! Who is calling: signed access tokens and refresh-token material (`tokens`), the extractors
//! every handler uses (`AuthUser`, `MaybeAuthUser`, `ConfirmedUser`) and whether a session is
//! still live (`live`). It sits below every feature; the `auth` feature signs people up, in and
//! out on top of it.

pub mod extract;
pub mod live;
/// Standing is read model (cached account state); the extractors enforce it.
pub use crate::read_model::standing;
pub mod tokens;

pub use extract::{AccountUser, Admin, AuthUser, ConfirmedUser, MaybeAuthUser, Moderator};
