//! Small inventories for the routing tests, built in code so each test shows its account.
#![allow(dead_code)]

use apigw::domain::model::*;
use apigw::domain::routing::{evaluate, MatchContext, Reason, Request, Verdict};

pub const REGION: &str = "eu-west-1";

/// A REST API whose working tree has these resources, each with these methods (auth NONE),
/// and a `prod` stage serving exactly the working tree.
pub fn rest(id: &str, resources: &[(&str, &[&str])]) -> RestApi {
    let mut api = RestApi {
        id: id.into(),
        name: format!("{id}-api"),
        ..RestApi::default()
    };
    for (path, methods) in resources {
        add(&mut api, path, methods);
    }
    deploy(&mut api, "prod", "dep1");
    api
}

/// Adds a resource (or methods to an existing one) to the working tree only.
pub fn add(api: &mut RestApi, path: &str, methods: &[&str]) {
    if api.resource_by_path(path).is_none() {
        let part = path
            .rsplit('/')
            .next()
            .filter(|p| !p.is_empty())
            .map(String::from);
        api.resources.push(Resource {
            id: format!("r{}", api.resources.len()),
            path: path.into(),
            path_part: part,
            ..Resource::default()
        });
    }
    let r = api.resources.iter_mut().find(|r| r.path == path).unwrap();
    for m in methods {
        r.methods.push(Method {
            http_method: m.to_string(),
            integration: Some(Integration {
                integration_type: IntegrationType::AwsProxy,
                ..Integration::default()
            }),
            ..Method::default()
        });
    }
}

/// Creates deployment `dep` from the working tree and points `stage` at it.
pub fn deploy(api: &mut RestApi, stage: &str, dep: &str) {
    api.deployments.retain(|d| d.id != dep);
    api.deployments.push(Deployment {
        id: dep.into(),
        summary: Some(api.working_summary()),
        ..Deployment::default()
    });
    match api.stages.iter_mut().find(|s| s.name == stage) {
        Some(s) => s.deployment_id = Some(dep.into()),
        None => api.stages.push(Stage {
            name: stage.into(),
            deployment_id: Some(dep.into()),
            ..Stage::default()
        }),
    }
}

pub fn method_mut<'a>(api: &'a mut RestApi, path: &str, m: &str) -> &'a mut Method {
    api.resources
        .iter_mut()
        .find(|r| r.path == path)
        .and_then(|r| r.methods.iter_mut().find(|x| x.http_method == m))
        .unwrap_or_else(|| panic!("{m} {path} missing"))
}

/// An HTTP API with these route keys (auth NONE) and a `$default` autoDeploy stage.
pub fn http(id: &str, routes: &[&str]) -> HttpApi {
    let mut api = HttpApi {
        id: id.into(),
        name: format!("{id}-http"),
        ..HttpApi::default()
    };
    for (i, k) in routes.iter().enumerate() {
        api.routes.push(Route {
            id: format!("rt{i}"),
            route_key: k.to_string(),
            ..Route::default()
        });
    }
    api.stages.push(Stage {
        name: "$default".into(),
        auto_deploy: true,
        ..Stage::default()
    });
    api
}

pub fn inv(rest: Vec<RestApi>, http: Vec<HttpApi>, domains: Vec<DomainName>) -> Inventory {
    Inventory {
        region: Some(REGION.into()),
        rest_apis: rest,
        http_apis: http,
        domains,
        ..Inventory::default()
    }
}

pub fn host(id: &str) -> String {
    format!("https://{id}.execute-api.{REGION}.amazonaws.com")
}

pub fn req(method: &str, url: &str) -> Request {
    Request::new(method, url)
}

pub fn run(inv: &Inventory, r: Request) -> Verdict {
    evaluate(inv, &r, &MatchContext::default())
}

pub fn get(inv: &Inventory, url: &str) -> Verdict {
    run(inv, req("GET", url))
}

/// Asserts a match and returns it.
pub fn matched(v: &Verdict, resource: &str) {
    assert_eq!(v.reason, Reason::Matched, "{}: {}", v.url, v.explanation);
    assert_eq!(v.status, None);
    assert_eq!(v.resource.as_deref(), Some(resource), "{}", v.explanation);
}

pub fn mapping(key: &str, api: &str, stage: &str) -> Mapping {
    Mapping {
        id: None,
        key: key.into(),
        api_id: api.into(),
        stage: stage.into(),
    }
}

pub fn domain(name: &str, mappings: Vec<Mapping>) -> DomainName {
    DomainName {
        name: name.into(),
        mappings,
        ..DomainName::default()
    }
}
