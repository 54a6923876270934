//! A folder of `.tf` files, evaluated offline.

use super::TfInput;
use crate::error::{Error, Result};
use std::path::Path;

pub fn read_folder(dir: &Path, _vars: &[(String, String)]) -> Result<TfInput> {
    Err(Error::input(format!(
        "--terraform {}: reading .tf folders is not available yet; give the JSON of `terraform show -json`",
        dir.display()
    )))
}
