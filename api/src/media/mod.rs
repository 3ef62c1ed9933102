//! Uploaded media (infrastructure): where files are stored and served (`storage`), the image
//! pipeline that makes avatar sizes (`pipeline`), and how a size's URL is named.

pub mod pipeline;
pub mod storage;

/// The 64 px URL that goes with a stored 256 px avatar URL: the files share a name but for the
/// size (`…/3f9a…-256.jpg` → `…/3f9a…-64.jpg`). Deriving it keeps one column and one cached
/// value per user instead of two that could disagree. An avatar URL of another shape (none
/// are written today) has no small twin and is returned as is, for the client to scale.
pub fn small_url(avatar: &str) -> String {
    let large_suffix = format!("-{}.", pipeline::LARGE);
    let name_start = avatar.rfind('/').map_or(0, |slash| slash + 1);
    match avatar[name_start..].rfind(&large_suffix) {
        Some(position) => {
            let at = name_start + position;
            format!(
                "{}-{}.{}",
                &avatar[..at],
                pipeline::SMALL,
                &avatar[at + large_suffix.len()..]
            )
        }
        None => avatar.to_string(),
    }
}
