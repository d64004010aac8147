//! Applying an arrived part to the inventory. Lists and records replace what they describe
//! but keep the parts already loaded for APIs and domains that still exist (a refresh does
//! not blank the screen).

use super::{FoundApi, LoadPart};
use crate::domain::model::*;

/// `new` with the parts `old` already has.
fn keep_rest_parts(mut new: RestApi, old: Option<&RestApi>) -> RestApi {
    if let Some(old) = old {
        new.resources = old.resources.clone();
        new.stages = old.stages.clone();
        new.deployments = old.deployments.clone();
        new.authorizers = old.authorizers.clone();
        new.gateway_responses = old.gateway_responses.clone();
        new.request_validators = old.request_validators.clone();
        if new.region.is_none() {
            new.region = old.region.clone();
        }
    }
    new
}

fn keep_http_parts(mut new: HttpApi, old: Option<&HttpApi>) -> HttpApi {
    if let Some(old) = old {
        new.routes = old.routes.clone();
        new.stages = old.stages.clone();
        new.deployments = old.deployments.clone();
        new.authorizers = old.authorizers.clone();
        new.integrations = old.integrations.clone();
        if new.region.is_none() {
            new.region = old.region.clone();
        }
    }
    new
}

fn keep_domain_parts(mut new: DomainName, old: Option<&DomainName>) -> DomainName {
    if let Some(old) = old {
        new.mappings = old.mappings.clone();
        new.routing_rules = old.routing_rules.clone();
    }
    new
}

impl Inventory {
    /// Applies one arrived part.
    pub fn apply(&mut self, part: LoadPart) {
        match part {
            LoadPart::RestApis(apis) => self.apply_rest_list(apis),
            LoadPart::HttpApis(apis) => self.apply_http_list(apis),
            LoadPart::Domains(list) => self.apply_domain_list(list),
            LoadPart::ApiKeys(keys) => self.api_keys = keys,
            LoadPart::UsagePlans(plans) => self.usage_plans = plans,
            LoadPart::Account { account_id } => {
                if account_id.is_some() {
                    self.account_id = account_id;
                }
            }
            LoadPart::ApiRecord { id, api } => self.apply_record(&id, api),
            LoadPart::DomainMappings { name, domain } => {
                self.apply_domain(&name, domain.map(|d| *d))
            }
            other => self.apply_api_part(other),
        }
    }

    /// A list covers the inventory's region: APIs read by id in another region stay.
    fn apply_rest_list(&mut self, apis: Vec<RestApi>) {
        let mut out: Vec<RestApi> = apis
            .into_iter()
            .map(|a| {
                let old = self.rest_api(&a.id);
                keep_rest_parts(a, old)
            })
            .collect();
        let foreign = self.rest_apis.iter().filter(|a| a.region.is_some());
        let foreign: Vec<RestApi> = foreign
            .filter(|a| !out.iter().any(|n| n.id == a.id))
            .cloned()
            .collect();
        out.extend(foreign);
        self.rest_apis = out;
    }

    fn apply_http_list(&mut self, apis: Vec<HttpApi>) {
        let mut out: Vec<HttpApi> = apis
            .into_iter()
            .map(|a| {
                let old = self.http_api(&a.id);
                keep_http_parts(a, old)
            })
            .collect();
        let foreign = self.http_apis.iter().filter(|a| a.region.is_some());
        let foreign: Vec<HttpApi> = foreign
            .filter(|a| !out.iter().any(|n| n.id == a.id))
            .cloned()
            .collect();
        out.extend(foreign);
        self.http_apis = out;
    }

    fn apply_domain_list(&mut self, list: Vec<DomainName>) {
        self.domains = list
            .into_iter()
            .map(|d| {
                let old = self.domains.iter().find(|o| o.name == d.name);
                keep_domain_parts(d, old)
            })
            .collect();
    }

    fn apply_record(&mut self, id: &str, api: Option<FoundApi>) {
        match api {
            Some(FoundApi::Rest(a)) => {
                let a = keep_rest_parts(*a, self.rest_api(id));
                match self.rest_apis.iter_mut().find(|x| x.id == id) {
                    Some(slot) => *slot = a,
                    None => self.rest_apis.push(a),
                }
            }
            Some(FoundApi::Http(a)) => {
                let a = keep_http_parts(*a, self.http_api(id));
                match self.http_apis.iter_mut().find(|x| x.id == id) {
                    Some(slot) => *slot = a,
                    None => self.http_apis.push(a),
                }
            }
            None => {}
        }
    }

    /// A domain with its mappings: replaces the listed one (or joins the list, when the
    /// list is not read yet); `None` drops it.
    fn apply_domain(&mut self, name: &str, domain: Option<DomainName>) {
        let pos = self.domains.iter().position(|d| d.name == name);
        match (domain, pos) {
            (Some(d), Some(i)) => self.domains[i] = d,
            (Some(d), None) => {
                self.domains.push(d);
                self.domains.sort_by(|a, b| a.name.cmp(&b.name));
            }
            (None, Some(i)) => {
                self.domains.remove(i);
            }
            (None, None) => {}
        }
    }

    fn apply_api_part(&mut self, part: LoadPart) {
        match part {
            LoadPart::Resources { api_id, resources } => {
                if let Some(a) = self.rest_api_mut(&api_id) {
                    a.resources = resources;
                }
            }
            LoadPart::RestStages { api_id, stages } => {
                if let Some(a) = self.rest_api_mut(&api_id) {
                    a.stages = stages;
                }
            }
            LoadPart::RestDeployments {
                api_id,
                deployments,
            } => {
                if let Some(a) = self.rest_api_mut(&api_id) {
                    a.deployments = deployments;
                }
            }
            LoadPart::RestAuthorizers {
                api_id,
                authorizers,
            } => {
                if let Some(a) = self.rest_api_mut(&api_id) {
                    a.authorizers = authorizers;
                }
            }
            LoadPart::GatewayResponses { api_id, responses } => {
                if let Some(a) = self.rest_api_mut(&api_id) {
                    a.gateway_responses = responses;
                }
            }
            LoadPart::RequestValidators { api_id, validators } => {
                if let Some(a) = self.rest_api_mut(&api_id) {
                    a.request_validators = validators;
                }
            }
            other => self.apply_http_part(other),
        }
    }

    fn apply_http_part(&mut self, part: LoadPart) {
        match part {
            LoadPart::Routes { api_id, routes } => {
                if let Some(a) = self.http_api_mut(&api_id) {
                    a.routes = routes;
                }
            }
            LoadPart::HttpStages { api_id, stages } => {
                if let Some(a) = self.http_api_mut(&api_id) {
                    a.stages = stages;
                }
            }
            LoadPart::HttpDeployments {
                api_id,
                deployments,
            } => {
                if let Some(a) = self.http_api_mut(&api_id) {
                    a.deployments = deployments;
                }
            }
            LoadPart::HttpAuthorizers {
                api_id,
                authorizers,
            } => {
                if let Some(a) = self.http_api_mut(&api_id) {
                    a.authorizers = authorizers;
                }
            }
            LoadPart::Integrations {
                api_id,
                integrations,
            } => {
                if let Some(a) = self.http_api_mut(&api_id) {
                    a.integrations = integrations;
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rest(id: &str) -> RestApi {
        RestApi {
            id: id.into(),
            name: id.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_list_keeps_loaded_parts_and_apis_read_in_other_regions() {
        let mut inv = Inventory::default();
        let mut far = rest("far");
        far.region = Some("us-west-2".into());
        inv.apply(LoadPart::ApiRecord {
            id: "far".into(),
            api: Some(FoundApi::Rest(Box::new(far))),
        });
        inv.apply(LoadPart::RestApis(vec![rest("a1")]));
        inv.apply(LoadPart::RestStages {
            api_id: "a1".into(),
            stages: vec![Stage {
                name: "prod".into(),
                ..Default::default()
            }],
        });
        inv.apply(LoadPart::RestApis(vec![rest("a1")]));
        assert_eq!(inv.rest_api("a1").map(|a| a.stages.len()), Some(1));
        assert!(inv.rest_api("far").is_some(), "other region kept");
    }

    #[test]
    fn a_domain_read_alone_joins_the_list_and_keeps_its_mappings_when_the_list_comes() {
        let mut inv = Inventory::default();
        let d = DomainName {
            name: "api.example.com".into(),
            mappings: vec![Mapping {
                key: "v1".into(),
                api_id: "a1".into(),
                stage: "prod".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        inv.apply(LoadPart::DomainMappings {
            name: d.name.clone(),
            domain: Some(Box::new(d.clone())),
        });
        inv.apply(LoadPart::Domains(vec![DomainName {
            name: "api.example.com".into(),
            ..Default::default()
        }]));
        assert_eq!(inv.domains.len(), 1);
        assert_eq!(inv.domains[0].mappings, d.mappings);
    }
}
