//! "Did you mean": the existing names closest to one that does not exist, so an unknown
//! API, stage or resource path is one line naming what is there.

/// How many names an error line shows.
pub const SHOWN: usize = 3;

/// Lower is closer: a name containing what was typed (or contained in it, when longer than
/// two characters: `/` is in every path) beats any edit distance; then Levenshtein,
/// case-insensitive.
fn score(wanted: &str, key: &str) -> (bool, usize) {
    let (w, k) = (wanted.to_lowercase(), key.to_lowercase());
    let overlap = (!w.is_empty() && k.contains(&w)) || (k.chars().count() > 2 && w.contains(&k));
    (!overlap, strsim::levenshtein(&w, &k))
}

/// The (up to [`SHOWN`]) candidates closest to `wanted`, closest first, ties in input
/// order. Each candidate is its display text and the keys it can be named by (e.g. an
/// API's name and id); the best key counts.
pub fn nearest<I, K, S>(wanted: &str, candidates: I) -> Vec<String>
where
    I: IntoIterator<Item = (String, K)>,
    K: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut scored: Vec<((bool, usize), String)> = candidates
        .into_iter()
        .filter_map(|(shown, keys)| {
            let best = keys.into_iter().map(|k| score(wanted, k.as_ref())).min()?;
            Some((best, shown))
        })
        .collect();
    scored.sort_by_key(|(s, _)| *s);
    let mut out: Vec<String> = Vec::new();
    for (_, shown) in scored {
        if !out.contains(&shown) {
            out.push(shown);
        }
        if out.len() == SHOWN {
            break;
        }
    }
    out
}

/// `"; nearest: a, b"` for an error line (`"; there are none"` when nothing exists).
pub fn clause(nearest: &[String]) -> String {
    if nearest.is_empty() {
        "; there are none".to_string()
    } else {
        format!("; nearest: {}", nearest.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(wanted: &str, all: &[&str]) -> Vec<String> {
        nearest(wanted, all.iter().map(|n| (n.to_string(), [*n])))
    }

    #[test]
    fn a_typo_names_the_closest_stage_first() {
        assert_eq!(
            names("prdo", &["staging", "prod", "dev"]),
            vec!["prod", "dev", "staging"]
        );
    }

    #[test]
    fn a_name_containing_what_was_typed_beats_edit_distance() {
        assert_eq!(
            names("orders", &["orderz", "legacy-orders-api", "billing"])[0],
            "legacy-orders-api"
        );
    }

    #[test]
    fn at_most_three_and_the_best_key_counts() {
        let apis = [
            (
                "orders-api (a1b2c3d4e5)".to_string(),
                ["orders-api", "a1b2c3d4e5"],
            ),
            (
                "payments (p4y8h3t6x1)".to_string(),
                ["payments", "p4y8h3t6x1"],
            ),
        ];
        assert_eq!(nearest("p4y8h3t6x2", apis)[0], "payments (p4y8h3t6x1)");
        assert_eq!(names("x", &["a", "b", "c", "d"]).len(), SHOWN);
        assert_eq!(clause(&[]), "; there are none");
    }
}
