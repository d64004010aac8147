//! `y`: the invoke URL of the selection, copied with OSC 52.

use super::effect::Effect;
use super::focus::Pane;
use super::rows::DomainItem;
use super::state::State;

/// The URL a person would call for what is selected.
pub fn selection_url(state: &State) -> Option<String> {
    if state.detail_of == Pane::Domains {
        if let Some(k) = &state.domain_row {
            let key = match &k.item {
                DomainItem::Mapping(m) if !m.is_empty() => format!("/{m}"),
                _ => String::new(),
            };
            return Some(format!("https://{}{key}", k.domain));
        }
    }
    let api = state.api.as_ref()?;
    let stage = state.stage.as_deref()?;
    let region = state.inventory.region.as_deref().unwrap_or("REGION");
    let base = state.inventory.api(api)?.invoke_url(region, stage);
    let path = state
        .tree
        .selected
        .as_ref()
        .map(|k| k.path.clone())
        .filter(|p| p.starts_with('/') && p != "/")
        .unwrap_or_default();
    Some(format!("{base}{path}"))
}

pub fn copy_url(state: &mut State) -> Vec<Effect> {
    match selection_url(state) {
        Some(url) => {
            state.info(format!("copied {url}"));
            vec![Effect::Copy(url)]
        }
        None => {
            state.error("nothing to copy: select an API and a stage");
            Vec::new()
        }
    }
}
