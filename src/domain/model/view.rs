//! One view of an API, whichever kind it is: what the rest of the program asks of "an API"
//! (its stages, deployments, what a stage serves, its invoke URL) without matching on the
//! kind. Kind-specific parts (resources, routes, gateway responses) stay on the concrete
//! types.

use super::*;

/// A REST or HTTP API of the inventory.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ApiView<'a> {
    Rest(&'a RestApi),
    Http(&'a HttpApi),
}

impl<'a> ApiView<'a> {
    pub fn kind(self) -> ApiKind {
        match self {
            Self::Rest(_) => ApiKind::Rest,
            Self::Http(_) => ApiKind::Http,
        }
    }

    pub fn id(self) -> &'a str {
        match self {
            Self::Rest(a) => &a.id,
            Self::Http(a) => &a.id,
        }
    }

    pub fn name(self) -> &'a str {
        match self {
            Self::Rest(a) => &a.name,
            Self::Http(a) => &a.name,
        }
    }

    pub fn api_ref(self) -> ApiRef {
        ApiRef {
            kind: self.kind(),
            id: self.id().to_string(),
        }
    }

    /// The region the API was read in when it is not the inventory's.
    pub fn own_region(self) -> Option<&'a str> {
        match self {
            Self::Rest(a) => a.region.as_deref(),
            Self::Http(a) => a.region.as_deref(),
        }
    }

    /// The API's region: its own, else the inventory's.
    pub fn region_in(self, inv: &'a Inventory) -> Option<&'a str> {
        self.own_region().or(inv.region.as_deref())
    }

    pub fn stages(self) -> &'a [Stage] {
        match self {
            Self::Rest(a) => &a.stages,
            Self::Http(a) => &a.stages,
        }
    }

    pub fn stage(self, name: &str) -> Option<&'a Stage> {
        self.stages().iter().find(|s| s.name == name)
    }

    pub fn deployments(self) -> &'a [Deployment] {
        match self {
            Self::Rest(a) => &a.deployments,
            Self::Http(a) => &a.deployments,
        }
    }

    pub fn deployment(self, id: &str) -> Option<&'a Deployment> {
        self.deployments().iter().find(|d| d.id == id)
    }

    pub fn authorizers(self) -> &'a [Authorizer] {
        match self {
            Self::Rest(a) => &a.authorizers,
            Self::Http(a) => &a.authorizers,
        }
    }

    pub fn authorizer(self, id: &str) -> Option<&'a Authorizer> {
        self.authorizers().iter().find(|a| a.id == id)
    }

    pub fn disable_execute_api_endpoint(self) -> bool {
        match self {
            Self::Rest(a) => a.disable_execute_api_endpoint,
            Self::Http(a) => a.disable_execute_api_endpoint,
        }
    }

    /// What a new deployment would serve.
    pub fn working_summary(self) -> DeployedSummary {
        match self {
            Self::Rest(a) => a.working_summary(),
            Self::Http(a) => a.working_summary(),
        }
    }

    /// What `stage` serves according to its deployment's summary (`None` when unknown).
    /// An HTTP stage with autoDeploy serves the working routes.
    pub fn deployed_summary(self, stage: &str) -> Option<DeployedSummary> {
        let st = self.stage(stage)?;
        if st.auto_deploy && self.kind() == ApiKind::Http {
            return Some(self.working_summary());
        }
        let dep = st.deployment_id.as_deref()?;
        self.deployment(dep)?.summary.clone()
    }

    /// The invoke URL of a stage on the execute-api host (`$default` has no stage
    /// segment on HTTP APIs).
    pub fn invoke_url(self, region: &str, stage: &str) -> String {
        match self {
            Self::Rest(a) => a.invoke_url(region, stage),
            Self::Http(a) => a.invoke_url(region, stage),
        }
    }
}

impl Inventory {
    /// The API a reference names, if loaded.
    pub fn api(&self, r: &ApiRef) -> Option<ApiView<'_>> {
        match r.kind {
            ApiKind::Rest => self.rest_api(&r.id).map(ApiView::Rest),
            ApiKind::Http => self.http_api(&r.id).map(ApiView::Http),
        }
    }

    /// The API with this id, whichever kind it is.
    pub fn api_by_id(&self, id: &str) -> Option<ApiView<'_>> {
        self.rest_api(id)
            .map(ApiView::Rest)
            .or_else(|| self.http_api(id).map(ApiView::Http))
    }

    /// Every API: REST first, then HTTP, each in inventory order.
    pub fn apis(&self) -> impl Iterator<Item = ApiView<'_>> {
        let rest = self.rest_apis.iter().map(ApiView::Rest);
        rest.chain(self.http_apis.iter().map(ApiView::Http))
    }
}
