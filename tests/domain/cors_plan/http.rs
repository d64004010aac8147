//! HTTP API CORS: one update-api with the configuration.

use super::*;

fn http_api(cors: Option<CorsConfiguration>) -> HttpApi {
    HttpApi {
        id: "h1".into(),
        name: "pay".into(),
        cors,
        ..HttpApi::default()
    }
}

#[test]
fn http_cors_plan_is_one_update_api_with_the_configuration_as_json() {
    let new = CorsConfiguration {
        allow_origins: vec!["https://a.example".into()],
        allow_methods: vec!["GET".into()],
        max_age: Some(300),
        ..CorsConfiguration::default()
    };
    let p = plan_http_cors(&http_api(None), new.clone()).unwrap();
    assert_eq!(p.steps.len(), 1);
    let words = shell_words::split(&p.steps[0].cli()).unwrap();
    assert_eq!(&words[..3], &["aws", "apigatewayv2", "update-api"]);
    let json: serde_json::Value = serde_json::from_str(words.last().unwrap()).unwrap();
    assert_eq!(json["AllowOrigins"][0], "https://a.example");
    assert_eq!(json["MaxAge"], 300);
    let same = plan_http_cors(&http_api(Some(new.clone())), new).unwrap();
    assert!(same.steps.is_empty());
}

#[test]
fn http_cors_refuses_credentials_with_wildcard_origin() {
    let bad = CorsConfiguration {
        allow_origins: vec!["*".into()],
        allow_credentials: true,
        ..CorsConfiguration::default()
    };
    assert!(matches!(
        plan_http_cors(&http_api(None), bad),
        Err(CorsError::Invalid(_))
    ));
}
