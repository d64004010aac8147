//! `/` fuzzy filter of a pane (fuzzy-matcher's SkimMatcherV2); matched characters are
//! returned so the pane can highlight them.

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

/// A pane's filter text. Empty text shows every row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub text: String,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// Char indices of `candidate` that match `pattern`, or `None` when it does not match.
/// An empty pattern matches everything with no highlighted characters.
pub fn fuzzy_indices(pattern: &str, candidate: &str) -> Option<Vec<usize>> {
    if pattern.is_empty() {
        return Some(Vec::new());
    }
    // One matcher per call is cheap (no allocation beyond its small state).
    let matcher = SkimMatcherV2::default().smart_case();
    matcher
        .fuzzy_indices(candidate, pattern)
        .map(|(_, idx)| idx)
}

/// Keeps the items whose label matches, with their highlighted char indices.
pub fn apply<T>(
    pattern: &str,
    items: impl IntoIterator<Item = T>,
    label: impl Fn(&T) -> String,
) -> Vec<(T, Vec<usize>)> {
    items
        .into_iter()
        .filter_map(|it| {
            let l = label(&it);
            fuzzy_indices(pattern, &l).map(|idx| (it, idx))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_matches_subsequence_and_reports_positions() {
        assert_eq!(
            fuzzy_indices("ordapi", "orders-api"),
            Some(vec![0, 1, 2, 7, 8, 9])
        );
        assert_eq!(fuzzy_indices("zz", "orders-api"), None);
        assert_eq!(fuzzy_indices("", "x"), Some(vec![]));
    }
}
