//! The AWS edge against SDK clients answered by aws-smithy-mocks (what the emulators cannot
//! show): paging, `apisummary`, throttling, credential errors, deploy read-back.

mod aws_errors;
mod aws_mocks;
mod loader_deployed;
mod mutations_mocks;
