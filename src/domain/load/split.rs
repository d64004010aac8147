//! An inventory taken apart into the parts a loader would deliver (the inverse of
//! [`Inventory::apply`]): for tests and demos of parts arriving in any order.

use super::{LoadPart, PartKey};
use crate::domain::model::*;

/// Every part of `inv`, lists first, then each API's and each domain's parts. Applying
/// them in this order (or any order that keeps an API's parts after its list) rebuilds
/// `inv` (issues aside).
pub fn parts_of(inv: &Inventory) -> Vec<(PartKey, LoadPart)> {
    let mut out = Vec::new();
    let bare_rest = inv.rest_apis.iter().map(|a| RestApi {
        resources: vec![],
        stages: vec![],
        deployments: vec![],
        authorizers: vec![],
        gateway_responses: vec![],
        request_validators: vec![],
        ..a.clone()
    });
    out.push(LoadPart::RestApis(bare_rest.collect()));
    let bare_http = inv.http_apis.iter().map(|a| HttpApi {
        routes: vec![],
        stages: vec![],
        deployments: vec![],
        authorizers: vec![],
        integrations: vec![],
        ..a.clone()
    });
    out.push(LoadPart::HttpApis(bare_http.collect()));
    let bare_domains = inv.domains.iter().map(|d| DomainName {
        mappings: vec![],
        routing_rules: vec![],
        ..d.clone()
    });
    out.push(LoadPart::Domains(bare_domains.collect()));
    out.push(LoadPart::ApiKeys(inv.api_keys.clone()));
    out.push(LoadPart::UsagePlans(inv.usage_plans.clone()));
    out.push(LoadPart::Account {
        account_id: inv.account_id.clone(),
    });
    for a in &inv.rest_apis {
        out.extend(rest_parts(a));
    }
    for a in &inv.http_apis {
        out.extend(http_parts(a));
    }
    for d in &inv.domains {
        out.push(LoadPart::DomainMappings {
            name: d.name.clone(),
            domain: Some(Box::new(d.clone())),
        });
    }
    out.into_iter().map(|p| (p.key(), p)).collect()
}

fn rest_parts(a: &RestApi) -> Vec<LoadPart> {
    let api_id = || a.id.clone();
    vec![
        LoadPart::Resources {
            api_id: api_id(),
            resources: a.resources.clone(),
        },
        LoadPart::RestStages {
            api_id: api_id(),
            stages: a.stages.clone(),
        },
        LoadPart::RestDeployments {
            api_id: api_id(),
            deployments: a.deployments.clone(),
        },
        LoadPart::RestAuthorizers {
            api_id: api_id(),
            authorizers: a.authorizers.clone(),
        },
        LoadPart::GatewayResponses {
            api_id: api_id(),
            responses: a.gateway_responses.clone(),
        },
        LoadPart::RequestValidators {
            api_id: api_id(),
            validators: a.request_validators.clone(),
        },
    ]
}

fn http_parts(a: &HttpApi) -> Vec<LoadPart> {
    let api_id = || a.id.clone();
    vec![
        LoadPart::Routes {
            api_id: api_id(),
            routes: a.routes.clone(),
        },
        LoadPart::HttpStages {
            api_id: api_id(),
            stages: a.stages.clone(),
        },
        LoadPart::HttpDeployments {
            api_id: api_id(),
            deployments: a.deployments.clone(),
        },
        LoadPart::HttpAuthorizers {
            api_id: api_id(),
            authorizers: a.authorizers.clone(),
        },
        LoadPart::Integrations {
            api_id: api_id(),
            integrations: a.integrations.clone(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parts_of_the_demo_rebuild_it() {
        let demo = crate::demo::inventory();
        let mut back = Inventory {
            region: demo.region.clone(),
            ..Default::default()
        };
        for (_, p) in parts_of(&demo) {
            back.apply(p);
        }
        assert_eq!(back, demo);
    }
}
