//! One read call (limiter, send, error → [`LoadError`]), and list calls followed through
//! both pagination styles (v1 `position`, v2 `nextToken`) to the end.

use std::future::Future;

use aws_sdk_apigateway::config::http::HttpResponse;
use aws_sdk_apigateway::error::{ProvideErrorMetadata, SdkError};

use super::client::Clients;
use super::error::from_sdk;
use super::ratelimit::{Call, Limiter};
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

/// Waits on the limiter, then sends `send` (an SDK `send()` future: nothing leaves before
/// it is awaited) and names `op` in the error.
pub async fn call<O, E>(
    c: &Clients,
    lim: &Limiter,
    kind: Call,
    op: &str,
    send: impl Future<Output = Result<O, SdkError<E, HttpResponse>>>,
) -> Result<O, LoadError>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    lim.acquire(kind).await;
    send.await.map_err(|e| from_sdk(op, &e, &c.cx))
}

/// A list call followed to the end, each page a [`call`]: `send(token)` sends one page,
/// `page(answer)` gives its converted items and the next token.
pub async fn list<T, O, E, Fut>(
    c: &Clients,
    lim: &Limiter,
    kind: Call,
    op: &str,
    send: impl Fn(Option<String>) -> Fut,
    page: impl Fn(&O) -> (Vec<T>, Option<&str>),
) -> Result<Vec<T>, LoadError>
where
    Fut: Future<Output = Result<O, SdkError<E, HttpResponse>>>,
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let page = &page;
    all_pages(|token| {
        let sent = send(token);
        async move {
            let out = call(c, lim, kind, op, sent).await?;
            let (items, next) = page(&out);
            Ok((items, next.map(str::to_string)))
        }
    })
    .await
}

/// The items of a page that convert (an SDK shape without its required fields is dropped).
pub fn convert<S, T>(items: &[S], f: impl Fn(&S) -> Option<T>) -> Vec<T> {
    items.iter().filter_map(f).collect()
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
