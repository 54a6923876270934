//! `archplan.yaml` in a profiles folder: settings of the folder as a whole.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The file name of the settings, next to the profiles.
pub const FILE_NAME: &str = "archplan.yaml";

/// `profiles/archplan.yaml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The profile commands use when `--profile` is not given. Optional while
    /// the folder holds a single profile.
    #[serde(default)]
    pub default: Option<String>,
}
