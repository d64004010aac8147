//! `Remote<T>`: every value that comes from somewhere slow is one of these, and each pane
//! shows its state inline (spinner in the title, error text in the body).

/// Why something remote failed, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// One line: what happened.
    pub message: String,
    /// One line: what to do about it.
    pub hint: Option<String>,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl From<&crate::domain::load::LoadError> for Failure {
    fn from(e: &crate::domain::load::LoadError) -> Self {
        Self {
            message: e.message.clone(),
            hint: e.hint.clone(),
        }
    }
}

/// A value that is not here yet, is coming, arrived, or could not be had.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Remote<T> {
    #[default]
    Idle,
    Loading,
    Ready(T),
    Failed(Failure),
}

impl<T> Remote<T> {
    pub fn is_loading(&self) -> bool {
        matches!(self, Self::Loading)
    }

    pub fn failure(&self) -> Option<&Failure> {
        match self {
            Self::Failed(f) => Some(f),
            _ => None,
        }
    }

    pub fn ready(&self) -> Option<&T> {
        match self {
            Self::Ready(t) => Some(t),
            _ => None,
        }
    }
}

/// What a pane shows about the parts it is drawn from: the worst state wins
/// (failed over loading over ready).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PaneStatus {
    #[default]
    Ready,
    Loading,
    Failed(Failure),
}

impl PaneStatus {
    /// Combines the states of several parts.
    pub fn combine<T>(
        parts: impl IntoIterator<Item = impl std::borrow::Borrow<Remote<T>>>,
    ) -> Self {
        let mut out = Self::Ready;
        for p in parts {
            match p.borrow() {
                Remote::Failed(f) => return Self::Failed(f.clone()),
                Remote::Loading => out = Self::Loading,
                Remote::Idle | Remote::Ready(_) => {}
            }
        }
        out
    }
}
