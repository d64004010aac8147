//! The names closest to a mistyped one, for "no such API / stage" messages.

/// Up to three of `names`, closest to `wanted` first (case-insensitive edit distance,
/// prefix matches first). Empty only when there are no names at all.
pub fn nearest<'a>(wanted: &str, names: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let w = wanted.to_ascii_lowercase();
    let mut scored: Vec<(bool, usize, &str)> = names
        .into_iter()
        .map(|n| {
            let l = n.to_ascii_lowercase();
            let prefix = !w.is_empty() && (l.starts_with(&w) || w.starts_with(&l));
            (!prefix, strsim::levenshtein(&w, &l), n)
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.2 == b.2);
    scored.into_iter().take(3).map(|(_, _, n)| n).collect()
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn closest_names_come_first_and_at_most_three() {
        let names = ["prod", "staging", "dev", "production", "qa"];
        assert_eq!(nearest("prd", names), ["prod", "dev", "qa"]);
        assert_eq!(nearest("stag", names)[0], "staging");
        assert_eq!(nearest("x", Vec::<&str>::new()), Vec::<&str>::new());
    }
}
