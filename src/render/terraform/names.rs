//! Names the module derives from the profile: Terraform identifiers, ECS and
//! CloudWatch names, the default resource-name prefix, and region codes.

use crate::error::{Error, Result};

/// `us-east-1`, `eu-west-3`, `us-gov-west-1`, `ap-southeast-2`.
pub fn validate_region(region: &str) -> Result<()> {
    let parts: Vec<&str> = region.split('-').collect();
    let ok = (3..=4).contains(&parts.len())
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].len() == 1
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(Error::input(format!(
            "--region \"{region}\" is not an AWS region code; expected one like us-east-1 or eu-west-3"
        )))
    }
}

/// A Terraform identifier from a component name: `api-lb` → `api_lb`.
pub fn identifier(name: &str) -> String {
    let mut id: String = name
        .chars()
        .map(|ch| {
            if ch.is_ascii_alphanumeric() {
                ch.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !id.starts_with(|ch: char| ch.is_ascii_lowercase()) {
        id.insert_str(0, "c_");
    }
    id
}

/// An ECS or CloudWatch name from a component name: letters, digits, hyphens.
pub fn ecs_name(name: &str) -> String {
    name.chars()
        .map(|ch| {
            if ch.is_ascii_alphanumeric() {
                ch.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// Longest `name` the module accepts: `<name>-rds-monitoring-`, the longest
/// IAM role prefix it derives, must stay within IAM's 38 characters.
const MAX_NAME: usize = 38 - "-rds-monitoring-".len();

/// The default resource-name prefix: the profile name, as AWS names allow
/// (ElastiCache also refuses two hyphens in a row).
pub fn default_name(profile: &str) -> String {
    let mut name = ecs_name(profile);
    while name.contains("--") {
        name = name.replace("--", "-");
    }
    if !name.starts_with(|ch: char| ch.is_ascii_lowercase()) {
        name.insert_str(0, "app-");
    }
    name.truncate(MAX_NAME);
    let trimmed = name.trim_end_matches('-').to_string();
    if trimmed.len() < 2 {
        "archplan".to_string()
    } else {
        trimmed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_made_safe() {
        assert_eq!(identifier("api-lb"), "api_lb");
        assert_eq!(identifier("2nd"), "c_2nd");
        assert_eq!(ecs_name("Workers_1"), "workers-1");
        assert_eq!(default_name("all-aws"), "all-aws");
        assert_eq!(default_name("9"), "app-9");
        assert_eq!(
            default_name("a-very-long-profile-name-indeed"),
            "a-very-long-profile-na"
        );
        assert_eq!(default_name("a--b"), "a-b");
        // The variable's validation admits 2 to 22 characters: every default fits.
        assert_eq!(MAX_NAME, 22);
        let longest = default_name("x".repeat(60).as_str());
        assert_eq!(longest.len(), MAX_NAME);
        assert!(
            format!("{longest}-cache").len() <= 40,
            "ElastiCache replication group id"
        );
        assert!(format!("{longest}-api").len() <= 32, "load balancer name");
    }

    #[test]
    fn regions_are_checked() {
        for ok in ["us-east-1", "eu-west-3", "us-gov-west-1", "ap-southeast-2"] {
            assert!(validate_region(ok).is_ok(), "{ok}");
        }
        for bad in ["us-east", "US-EAST-1", "useast1", "us-east-12", "", "eu--1"] {
            let e = validate_region(bad).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad}");
        }
    }
}
