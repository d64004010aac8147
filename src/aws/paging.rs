//! Following both pagination styles (v1 `position`, v2 `nextToken`) to the end.

use std::future::Future;

use crate::domain::load::LoadError;

/// Safety stop for a service that keeps handing out tokens.
pub const MAX_PAGES: usize = 10_000;

/// Calls `fetch` with `None`, then with each returned token until none (or an empty or
/// repeated one) comes back; concatenates the items.
pub async fn all_pages<T, F, Fut>(mut fetch: F) -> Result<Vec<T>, LoadError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), LoadError>>,
{
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let (items, next) = fetch(token.clone()).await?;
        out.extend(items);
        match next {
            Some(n) if !n.is_empty() && Some(&n) != token.as_ref() => token = Some(n),
            _ => return Ok(out),
        }
    }
    tracing::warn!("stopped paging after {MAX_PAGES} pages");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn follows_tokens_to_the_end_and_stops_on_a_repeat() {
        let pages = |t: Option<String>| async move {
            Ok::<_, LoadError>(match t.as_deref() {
                None => (vec![1, 2], Some("a".to_string())),
                Some("a") => (vec![3], Some("b".to_string())),
                _ => (vec![4], Some("b".to_string())),
            })
        };
        assert_eq!(all_pages(pages).await.unwrap(), vec![1, 2, 3, 4]);
    }
}
