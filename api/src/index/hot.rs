//! The "hot" formula, shared by both backends: gauss(age) × engagement, where the Gaussian
//! decay is the one Elasticsearch's `gauss` function computes and engagement is
//! `likes_weight·likes + collects_weight·collects + comments_weight·comments + floor` (the floor
//! keeps brand-new posts without engagement from all tying at 0).

use crate::config::Settings;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HotFormula {
    pub offset_days: f64,
    pub scale_days: f64,
    pub decay: f64,
    pub like_weight: f64,
    pub collect_weight: f64,
    pub comment_weight: f64,
    pub floor: f64,
}

const DAY: f64 = 86_400.0;

impl HotFormula {
    pub fn from_settings(settings: &Settings) -> HotFormula {
        HotFormula {
            offset_days: settings.hot_offset_days,
            scale_days: settings.hot_scale_days,
            decay: settings.hot_decay,
            like_weight: settings.hot_like_weight,
            collect_weight: settings.hot_collect_weight,
            comment_weight: settings.hot_comment_weight,
            floor: settings.hot_floor,
        }
    }

    /// The part stored in each document (so Elasticsearch can multiply by it).
    pub fn engagement(&self, likes: i64, collects: i64, comments: i64) -> f64 {
        self.like_weight * likes as f64
            + self.collect_weight * collects as f64
            + self.comment_weight * comments as f64
            + self.floor
    }

    /// exp(ln(decay) · (max(0, |age| − offset) / scale)²), as Elasticsearch's `gauss`.
    pub fn decay_factor(&self, age_secs: f64) -> f64 {
        let distance = (age_secs.abs() - self.offset_days * DAY).max(0.0);
        (self.decay.ln() * (distance / (self.scale_days * DAY)).powi(2)).exp()
    }

    pub fn score(&self, now: i64, created_at: i64, engagement: f64) -> f64 {
        self.decay_factor((now - created_at) as f64) * engagement
    }
}

#[cfg(test)]
impl HotFormula {
    /// The default settings' formula, for tests.
    pub fn example() -> HotFormula {
        HotFormula {
            offset_days: 7.0,
            scale_days: 10.0,
            decay: 0.5,
            like_weight: 2.0,
            collect_weight: 1.0,
            comment_weight: 1.0,
            floor: 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formula() -> HotFormula {
        HotFormula::example()
    }

    #[test]
    fn decay_is_one_within_the_offset_and_half_one_scale_beyond() {
        let hot = formula();
        assert_eq!(hot.decay_factor(3.0 * DAY), 1.0);
        assert!((hot.decay_factor(17.0 * DAY) - 0.5).abs() < 1e-9);
        assert!(hot.decay_factor(60.0 * DAY) < 0.01);
        assert_eq!(hot.engagement(3, 2, 1), 10.0);
    }
}
