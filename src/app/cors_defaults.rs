//! After a CORS dialog: which stages need a deployment to serve the change. (What the
//! dialog starts from is decided with the CLI's defaults: `domain::plan::request`.)

use super::confirm::DialogKind;
use crate::domain::model::Inventory;

/// The stages of the API a CORS dialog changes that need a deployment to serve it
/// (auto-deploy stages of HTTP APIs pick the change up themselves).
pub fn stages_to_deploy(inv: &Inventory, kind: &DialogKind) -> Option<Vec<String>> {
    let stages = match kind {
        DialogKind::RestCors { api_id, .. } => inv.rest_api(api_id).map(|a| &a.stages),
        DialogKind::HttpCors { api_id } => inv.http_api(api_id).map(|a| &a.stages),
        _ => None,
    }?;
    let names: Vec<String> = stages
        .iter()
        .filter(|s| !s.auto_deploy)
        .map(|s| s.name.clone())
        .collect();
    (!names.is_empty()).then_some(names)
}
