//! The built-in profiles, prices and templates, embedded so that archplan works
//! from any folder. `--profiles DIR` and `--pricing DIR` replace them.

pub const PROFILES: &[(&str, &str)] = &[
    ("current.yaml", include_str!("../profiles/current.yaml")),
    ("all-aws.yaml", include_str!("../profiles/all-aws.yaml")),
    (
        "serverless.yaml",
        include_str!("../profiles/serverless.yaml"),
    ),
    (
        "self-hosted.yaml",
        include_str!("../profiles/self-hosted.yaml"),
    ),
    ("as-drawn.yaml", include_str!("../profiles/as-drawn.yaml")),
];

pub const WORKLOAD: (&str, &str) = ("workload.yaml", include_str!("../profiles/workload.yaml"));
pub const BUDGET: (&str, &str) = ("budget.yaml", include_str!("../profiles/budget.yaml"));
pub const CAPACITY: (&str, &str) = ("capacity.yaml", include_str!("../profiles/capacity.yaml"));
/// The settings of the built-in profiles folder: which profile is the default.
pub const SETTINGS: (&str, &str) = ("archplan.yaml", include_str!("../profiles/archplan.yaml"));

/// What names a built-in file wherever a file is named: archplan never names
/// a file on disk it did not read.
pub const BUILTIN_PREFIX: &str = "built-in ";

pub const PRICING: &[(&str, &str)] = &[
    ("aws.toml", include_str!("../pricing-data/aws.toml")),
    ("azure.toml", include_str!("../pricing-data/azure.toml")),
    ("openai.toml", include_str!("../pricing-data/openai.toml")),
    ("vercel.toml", include_str!("../pricing-data/vercel.toml")),
    ("upstash.toml", include_str!("../pricing-data/upstash.toml")),
    (
        "supabase.toml",
        include_str!("../pricing-data/supabase.toml"),
    ),
    ("hetzner.toml", include_str!("../pricing-data/hetzner.toml")),
    ("datadog.toml", include_str!("../pricing-data/datadog.toml")),
];

/// The starter project `archplan init` writes (templates/starter/): one
/// profile of a small app, its workload and its budget. The capacity data and
/// the price catalog are the built-in ones.
pub const STARTER_PROFILE: (&str, &str) = (
    "my-app.yaml",
    include_str!("../templates/starter/my-app.yaml"),
);
pub const STARTER_WORKLOAD: (&str, &str) = (
    "workload.yaml",
    include_str!("../templates/starter/workload.yaml"),
);
pub const STARTER_BUDGET: (&str, &str) = (
    "budget.yaml",
    include_str!("../templates/starter/budget.yaml"),
);

macro_rules! terraform_template {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../templates/terraform/", $name)),
        )
    };
}

/// Templates of `archplan render terraform` (minijinja), by file name.
pub const TERRAFORM_TEMPLATES: &[(&str, &str)] = &[
    terraform_template!("header.j2"),
    terraform_template!("versions.tf.j2"),
    terraform_template!("main.tf.j2"),
    terraform_template!("variables.tf.j2"),
    terraform_template!("network.tf.j2"),
    terraform_template!("rds.tf.j2"),
    terraform_template!("elasticache.tf.j2"),
    terraform_template!("s3.tf.j2"),
    terraform_template!("secrets.tf.j2"),
    terraform_template!("alb.tf.j2"),
    terraform_template!("ecs.tf.j2"),
    terraform_template!("monitoring.tf.j2"),
    terraform_template!("outputs.tf.j2"),
    terraform_template!("root.tf.example.j2"),
    terraform_template!("terraform.tfvars.example.j2"),
    terraform_template!("README.md.j2"),
];

/// Templates of `archplan report` (templates/report/).
pub const REPORT_TEMPLATES: &[(&str, &str)] = &[
    (
        "report.md.j2",
        include_str!("../templates/report/report.md.j2"),
    ),
    (
        "report.html.j2",
        include_str!("../templates/report/report.html.j2"),
    ),
    ("verdict.j2", include_str!("../templates/report/verdict.j2")),
];

/// The words of `archplan report`, one catalog per language (templates/report/<lang>.yaml).
pub const REPORT_LANGUAGES: &[(&str, &str)] = &[
    ("en", include_str!("../templates/report/en.yaml")),
    ("fr", include_str!("../templates/report/fr.yaml")),
];

/// Files in `profiles/` that are not architectures.
pub const RESERVED_PROFILE_FILES: &[&str] = &[
    "workload.yaml",
    "budget.yaml",
    "capacity.yaml",
    "archplan.yaml",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn on_disk(dir: &str, ext: &str) -> BTreeSet<String> {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/");
        std::fs::read_dir(format!("{root}{dir}"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(ext))
            .collect()
    }

    #[test]
    fn every_shipped_file_is_embedded() {
        let embedded: BTreeSet<String> = PRICING.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(embedded, on_disk("pricing-data", ".toml"));
        let mut profiles: BTreeSet<String> = PROFILES.iter().map(|(n, _)| n.to_string()).collect();
        profiles.insert(WORKLOAD.0.to_string());
        profiles.insert(BUDGET.0.to_string());
        profiles.insert(CAPACITY.0.to_string());
        profiles.insert(SETTINGS.0.to_string());
        let disk: BTreeSet<String> = on_disk("profiles", ".yaml");
        assert_eq!(profiles, disk);
        let templates: BTreeSet<String> = TERRAFORM_TEMPLATES
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
        assert_eq!(templates, on_disk("templates/terraform", ".j2"));
    }
}
