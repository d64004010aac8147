//! Copy the current verdict as the Markdown report of `apigw match --markdown`
//! (`crate::report::markdown_for`): the request with its headers' secrets redacted, the
//! caller context, the chain, the evidence and the fix. Copied with OSC 52.

use super::effect::Effect;
use super::state::State;

pub fn copy_report(state: &mut State) -> Vec<Effect> {
    let (Some(req), Some(v)) = (state.url.request.as_ref(), state.url.verdict()) else {
        state.error("no verdict to report: type a URL in the URL bar first");
        return Vec::new();
    };
    let caller = state.url.caller_context();
    let md = crate::report::markdown_for(req, &caller, v, &state.inventory);
    let lines = md.lines().count();
    state.info(format!(
        "copied the Markdown report ({lines} lines, secrets redacted)"
    ));
    vec![Effect::Copy(md)]
}
