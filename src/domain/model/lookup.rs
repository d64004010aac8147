//! Finding APIs in an inventory by id or name.

use super::*;

impl Inventory {
    pub fn rest_api(&self, id: &str) -> Option<&RestApi> {
        self.rest_apis.iter().find(|a| a.id == id)
    }

    pub fn http_api(&self, id: &str) -> Option<&HttpApi> {
        self.http_apis.iter().find(|a| a.id == id)
    }

    pub fn rest_api_mut(&mut self, id: &str) -> Option<&mut RestApi> {
        self.rest_apis.iter_mut().find(|a| a.id == id)
    }

    pub fn http_api_mut(&mut self, id: &str) -> Option<&mut HttpApi> {
        self.http_apis.iter_mut().find(|a| a.id == id)
    }

    /// The kind of API an id names, if loaded.
    pub fn api_kind(&self, id: &str) -> Option<ApiKind> {
        if self.rest_api(id).is_some() {
            Some(ApiKind::Rest)
        } else if self.http_api(id).is_some() {
            Some(ApiKind::Http)
        } else {
            None
        }
    }

    /// Finds an API by id, or else by exact name, or else by case-insensitive name.
    /// Several APIs sharing a name is ambiguous: `Err` lists their ids.
    pub fn find_api(&self, name_or_id: &str) -> Result<ApiRef, FindApiError> {
        let all = self
            .rest_apis
            .iter()
            .map(|a| (ApiKind::Rest, &a.id, &a.name))
            .chain(
                self.http_apis
                    .iter()
                    .map(|a| (ApiKind::Http, &a.id, &a.name)),
            );
        let all: Vec<_> = all.collect();
        if let Some((kind, id, _)) = all.iter().find(|(_, id, _)| id.as_str() == name_or_id) {
            return Ok(ApiRef {
                kind: *kind,
                id: (*id).clone(),
            });
        }
        for exact in [true, false] {
            let hits: Vec<_> = all
                .iter()
                .filter(|(_, _, name)| {
                    if exact {
                        name.as_str() == name_or_id
                    } else {
                        name.eq_ignore_ascii_case(name_or_id)
                    }
                })
                .collect();
            match hits.as_slice() {
                [] => continue,
                [(kind, id, _)] => {
                    return Ok(ApiRef {
                        kind: *kind,
                        id: (*id).clone(),
                    })
                }
                many => {
                    return Err(FindApiError::Ambiguous(
                        many.iter().map(|(_, id, _)| (*id).clone()).collect(),
                    ))
                }
            }
        }
        let named = all
            .iter()
            .map(|(_, id, name)| (format!("{name} ({id})"), [name.as_str(), id.as_str()]));
        Err(FindApiError::NotFound {
            nearest: crate::domain::nearest::nearest(name_or_id, named),
        })
    }

    /// The display name of an API id (the id itself when unknown).
    pub fn api_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.rest_api(id)
            .map(|a| a.name.as_str())
            .or_else(|| self.http_api(id).map(|a| a.name.as_str()))
            .unwrap_or(id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindApiError {
    /// No API has that id or name; the closest existing ones as `name (id)`.
    NotFound {
        nearest: Vec<String>,
    },
    Ambiguous(Vec<String>),
}

impl std::fmt::Display for FindApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotFound { nearest } => write!(
                f,
                "no API with that name or id{}",
                crate::domain::nearest::clause(nearest)
            ),
            Self::Ambiguous(ids) => {
                write!(
                    f,
                    "several APIs share that name; use an id: {}",
                    ids.join(", ")
                )
            }
        }
    }
}
