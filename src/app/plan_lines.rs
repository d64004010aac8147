//! A confirmed mutation as the equivalent `aws` CLI lines, shown in the dialog before
//! anything runs.

use super::effect::Mutation;
use crate::domain::model::ApiKind;

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

pub fn lines(m: &Mutation, region: Option<&str>) -> Vec<String> {
    let region = region.map(|r| format!(" --region {r}")).unwrap_or_default();
    match m {
        Mutation::Deploy {
            api,
            stage,
            description,
        } => match api.kind {
            ApiKind::Rest => vec![format!(
                "aws apigateway create-deployment --rest-api-id {} --stage-name {} --description {}{region}",
                api.id,
                stage,
                quote(description)
            )],
            ApiKind::Http => vec![
                format!(
                    "aws apigatewayv2 create-deployment --api-id {} --stage-name {} --description {}{region}",
                    api.id,
                    stage,
                    quote(description)
                ),
            ],
        },
        Mutation::Cors {
            api_id,
            path,
            origin,
            gateway_responses,
        } => cors_lines(api_id, path, origin, *gateway_responses, &region),
    }
}

fn cors_lines(api: &str, path: &str, origin: &str, gw: bool, region: &str) -> Vec<String> {
    let base = format!("--rest-api-id {api} --resource-id <id of {path}> --http-method OPTIONS");
    let hdr = "method.response.header.Access-Control-Allow";
    let mut out = vec![
        format!("aws apigateway put-method {base} --authorization-type NONE --no-api-key-required{region}"),
        format!("aws apigateway put-integration {base} --type MOCK --request-templates '{{\"application/json\":\"{{\\\"statusCode\\\": 200}}\"}}'{region}"),
        format!("aws apigateway put-method-response {base} --status-code 200 --response-parameters {hdr}-Headers=false,{hdr}-Methods=false,{hdr}-Origin=false{region}"),
        format!("aws apigateway put-integration-response {base} --status-code 200 --response-parameters '{{\"{hdr}-Origin\":\"{}\", …}}'{region}", quote(origin).replace('"', "\\\"")),
    ];
    if gw {
        for t in ["DEFAULT_4XX", "DEFAULT_5XX"] {
            out.push(format!(
                "aws apigateway put-gateway-response --rest-api-id {api} --response-type {t} --response-parameters '{{\"gatewayresponse.header.Access-Control-Allow-Origin\":\"{}\"}}'{region}",
                quote(origin)
            ));
        }
    }
    out
}
