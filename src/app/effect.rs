//! What `update` asks the runtime to do. Effects are data; the runtime performs them and
//! answers with Actions tagged by the request id.

use super::probe::ProbeRequest;
use crate::config::LiveTarget;
use crate::domain::load::PartKey;
use crate::domain::model::{ApiRef, Inventory};
use crate::domain::plan::Plan;

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Quit,
    /// Copy text to the terminal's clipboard (OSC 52).
    Copy(String),
    /// (Re)load the inventory from the source; the reply carries `req`.
    Load {
        req: u64,
        target: Option<LiveTarget>,
    },
    /// Move this API to the front of the live loader's queue.
    Prioritize(ApiRef),
    /// Read these parts first (what the URL's verdict waits for; live mode). Nothing
    /// already read or on its way is sent again.
    Want(Vec<PartKey>),
    /// Load these failed parts again (live mode).
    Retry(Vec<PartKey>),
    /// Save a complete live inventory to the on-disk cache.
    SaveCache(Box<Inventory>),
    /// Read the profile names from the AWS config files.
    ListProfiles,
    /// Execute a confirmed plan; the reply carries `req`.
    Execute {
        req: u64,
        plan: Box<Plan>,
    },
    /// Read the account settings (its CloudWatch role); the reply carries `req`.
    ReadAccount {
        req: u64,
    },
    /// Send one request for real; the reply carries `req`.
    Probe {
        req: u64,
        request: Box<ProbeRequest>,
    },
}
