//! Progress bars for the long-running commands.

/// A progress bar on standard error; indicatif draws nothing when that is not a terminal, so
/// logs and pipes get only the summary lines.
pub fn progress_bar(prefix: &'static str, length: u64) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(length);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{prefix:>12} [{bar:30}] {pos}/{len} {wide_msg}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_prefix(prefix);
    bar
}
