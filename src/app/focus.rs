//! Which pane has the keyboard, and the Tab order.

/// A pane of the screen. The order of [`Pane::ORDER`] is the Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pane {
    Apis,
    Stages,
    Tree,
    Details,
    Domains,
    Url,
}

impl Pane {
    /// The URL bar is not in the cycle: `u` enters it and Esc leaves (Tab switches its
    /// fields).
    pub const ORDER: [Pane; 5] = [
        Pane::Apis,
        Pane::Stages,
        Pane::Tree,
        Pane::Details,
        Pane::Domains,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Self::Apis => "APIs",
            Self::Stages => "Stages",
            Self::Tree => "Resources",
            Self::Details => "Details",
            Self::Domains => "Domains",
            Self::Url => "URL",
        }
    }

    pub fn next(self) -> Self {
        let i = Self::ORDER.iter().position(|p| *p == self).unwrap_or(0);
        Self::ORDER[(i + 1) % Self::ORDER.len()]
    }

    pub fn prev(self) -> Self {
        let i = Self::ORDER.iter().position(|p| *p == self).unwrap_or(0);
        Self::ORDER[(i + Self::ORDER.len() - 1) % Self::ORDER.len()]
    }

    /// Panes with rows a filter can narrow.
    pub fn filterable(self) -> bool {
        matches!(self, Self::Apis | Self::Stages | Self::Tree | Self::Domains)
    }
}

/// Moves a selection by `delta` rows within `keys`, clamping at both ends. With no current
/// selection (or one that vanished) the first row is chosen.
pub fn step<K: PartialEq + Clone>(keys: &[K], current: Option<&K>, delta: isize) -> Option<K> {
    if keys.is_empty() {
        return None;
    }
    let Some(i) = current.and_then(|c| keys.iter().position(|k| k == c)) else {
        return keys.first().cloned();
    };
    let last = keys.len() as isize - 1;
    let j = (i as isize + delta).clamp(0, last) as usize;
    keys.get(j).cloned()
}
