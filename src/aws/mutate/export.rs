//! The deployed state of an HTTP API stage from `ExportApi` (OpenAPI of the stage), since
//! AWS gives HTTP deployments no summary.

use crate::aws::client::Clients;
use crate::aws::paging::call;
use crate::aws::ratelimit::{Call, Limiter};
use crate::domain::load::{LoadError, LoadErrorKind};
use crate::domain::model::DeployedSummary;
use crate::domain::staleness::summary_from_openapi;

/// What `stage` of HTTP API `api` serves; `Ok(None)` when the export has no paths.
pub async fn http_stage_summary(
    c: &Clients,
    lim: &Limiter,
    api: &str,
    stage: &str,
) -> Result<Option<DeployedSummary>, LoadError> {
    let req = c.v2.export_api().api_id(api).stage_name(stage);
    let req = req.specification("OAS30").output_type("JSON");
    let out = call(
        c,
        lim,
        Call::Normal,
        "ExportApi",
        req.include_extensions(true).send(),
    )
    .await?;
    let Some(body) = out.body() else {
        return Ok(None);
    };
    let doc: serde_json::Value = serde_json::from_slice(body.as_ref()).map_err(|e| {
        LoadError::new(
            LoadErrorKind::BadResponse,
            format!("ExportApi: not JSON: {e}"),
        )
    })?;
    Ok(summary_from_openapi(&doc))
}
