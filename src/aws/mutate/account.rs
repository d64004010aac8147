//! The account settings a mutation depends on: `GetAccount` (the CloudWatch Logs role that
//! execution logging needs, once per region). A read: it may retry, it changes nothing.

use crate::aws::client::Clients;
use crate::aws::convert as cv;
use crate::aws::error::from_sdk;
use crate::domain::model::AccountSettings;

/// The account's API Gateway settings in the clients' region; `Err` is one sentence.
pub async fn account_settings(c: &Clients) -> Result<AccountSettings, String> {
    let out =
        c.v1.get_account()
            .send()
            .await
            .map_err(|e| from_sdk("GetAccount", &e, &c.cx).to_string())?;
    Ok(cv::account(out.cloudwatch_role_arn()))
}
