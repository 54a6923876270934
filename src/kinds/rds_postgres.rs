//! Amazon RDS for PostgreSQL: one primary instance (Single- or Multi-AZ) with
//! gp3 storage, optional read replicas, and the alarms and log groups the
//! rendered module gives it.

use super::{At, ComponentKind, DriverRead, Estate, Kind, TerraformRole, MAX_STORAGE_GB};
use crate::engine::capacity::{fine, per_user, shown, Fact, Limit, Measure, Resource, Sizing, GIB};
use crate::engine::charges::{alarm_charge, charge, hours, log_charges, Basis, Charge, PriceRef};
use crate::engine::formula::{Formula, FormulaUnit};
use crate::engine::monitoring;
use crate::engine::quantities::Usage;
use crate::engine::size::{Size, SizePart};
use crate::error::Result;
use crate::model::profile::{Component, Tier};
use crate::render::terraform::alarms::{alarm_block, Watched};
use crate::render::terraform::assembly::{counterpart, Assembly, ModulePart};
use crate::render::terraform::checks::{self, one_line};
use crate::render::terraform::context::{Database, Upgrade};
use crate::tfread::group::Group;
use crate::tfread::{Read, TfResource};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Amazon RDS for PostgreSQL.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RdsPostgres {
    /// An instance class of the price catalog (`db.t4g.small`).
    pub instance_class: String,
    /// Allocated gp3 storage, 20 GB or more.
    pub storage_gb: u64,
    /// Upper limit for storage autoscaling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_storage_gb: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_az: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_replicas: Option<u32>,
    /// Days of automated backups, 1 to 35 (RDS's range); 7 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_retention_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publicly_accessible: Option<bool>,
}

/// The most read replicas RDS for PostgreSQL allows.
pub const MAX_READ_REPLICAS: u32 = 15;

impl RdsPostgres {
    pub fn multi_az(&self) -> bool {
        self.multi_az.unwrap_or(false)
    }

    pub fn read_replicas(&self) -> u32 {
        self.read_replicas.unwrap_or(0)
    }

    pub fn publicly_accessible(&self) -> bool {
        self.publicly_accessible.unwrap_or(false)
    }

    pub fn backup_retention_days(&self) -> u32 {
        self.backup_retention_days.unwrap_or(7)
    }
}

impl ComponentKind for RdsPostgres {
    fn kind(&self) -> Kind {
        Kind::RdsPostgres
    }

    fn validate(&self, at: &At<'_>) -> Result<()> {
        at.non_empty("instance_class", &self.instance_class, "db.t4g.small")?;
        at.at_most("storage_gb", Some(self.storage_gb), MAX_STORAGE_GB)?;
        at.at_most("max_storage_gb", self.max_storage_gb, MAX_STORAGE_GB)?;
        if self.publicly_accessible() {
            if let Some(nat) = at
                .tier()
                .components
                .iter()
                .find(|c| c.kind() == Kind::NatGateway)
            {
                return Err(at.error(
                    "publicly_accessible",
                    format!(
                        "\"{}\" is publicly accessible, but the tier's NAT gateway (\"{}\") puts the database in private subnets; set publicly_accessible: false or drop the NAT gateway",
                        at.name, nat.name
                    ),
                ));
            }
        }
        if self.storage_gb < 20 {
            return Err(at
                .error(
                    "storage_gb",
                    format!(
                        "storage_gb is {}; RDS gp3 storage starts at 20 GB",
                        self.storage_gb
                    ),
                )
                .suggest(Some("20".to_string())));
        }
        if let Some(max) = self.max_storage_gb {
            if max < self.storage_gb {
                return Err(at.error(
                    "max_storage_gb",
                    format!(
                        "max_storage_gb ({max}) is below storage_gb ({}); expected a ceiling above the allocated storage",
                        self.storage_gb
                    ),
                ));
            }
        }
        if self.read_replicas() > MAX_READ_REPLICAS {
            return Err(at
                .error(
                    "read_replicas",
                    format!(
                        "read_replicas is {}; RDS for PostgreSQL allows at most {MAX_READ_REPLICAS}",
                        self.read_replicas()
                    ),
                )
                .suggest(Some(MAX_READ_REPLICAS.to_string())));
        }
        if let Some(d) = self.backup_retention_days {
            if !(1..=35).contains(&d) {
                let nearest = d.clamp(1, 35);
                return Err(at
                    .error(
                        "backup_retention_days",
                        format!("backup_retention_days is {d}; RDS keeps automated backups 1 to 35 days"),
                    )
                    .suggest(Some(nearest.to_string())));
            }
        }
        Ok(())
    }

    fn charges(&self, _u: &Usage) -> Vec<Charge> {
        use Basis::Fixed;
        let class = &self.instance_class;
        let storage = Decimal::from(self.storage_gb);
        let (dep, dep_name) = if self.multi_az() {
            (".multi-az", "Multi-AZ")
        } else {
            (".single-az", "Single-AZ")
        };
        let mut v = vec![
            charge(
                format!("{class} {dep_name} instance"),
                PriceRef::sized("instance_class", "aws.rds.postgres.", class, dep),
                hours(1),
                Fixed,
            ),
            charge(
                format!("gp3 storage, {dep_name}"),
                PriceRef::fixed(&format!("aws.rds.gp3{dep}")),
                storage,
                Fixed,
            ),
        ];
        let replicas = self.read_replicas();
        if replicas > 0 {
            v.push(charge(
                format!("{class} read replica ×{replicas}"),
                PriceRef::sized("instance_class", "aws.rds.postgres.", class, ".single-az"),
                hours(replicas),
                Fixed,
            ));
            v.push(charge(
                format!("gp3 storage, read replica ×{replicas}"),
                PriceRef::fixed("aws.rds.gp3.single-az"),
                storage * Decimal::from(replicas),
                Fixed,
            ));
        }
        if self.publicly_accessible() {
            // Each publicly accessible instance (the primary and every
            // replica) holds a public IPv4 address, billed hourly since
            // February 2024.
            let addresses = 1 + replicas;
            v.push(charge(
                if replicas > 0 {
                    format!("public IPv4 address ×{addresses} (primary and replicas)")
                } else {
                    "public IPv4 address of the endpoint".to_string()
                },
                PriceRef::fixed("aws.vpc.public-ipv4"),
                hours(addresses),
                Fixed,
            ));
        }
        v.push(alarm_charge(monitoring::database_alarm_count(
            class, replicas,
        )));
        let log_groups = (1 + replicas) * monitoring::DATABASE_LOG_EXPORTS.len() as u32;
        v.extend(log_charges(
            &format!("{log_groups} database log groups"),
            monitoring::database_log_gb_per_instance() * Decimal::from(1 + replicas),
        ));
        v
    }

    fn drivers(&self) -> Vec<DriverRead> {
        ["messages_stored", "message_kb", "concurrent_share"]
            .iter()
            .map(|n| DriverRead::sizes(n))
            .collect()
    }

    fn size(&self) -> Size {
        let mut parts = vec![SizePart::Name {
            name: self.instance_class.clone(),
        }];
        if let Some(multi) = self.multi_az {
            parts.push(SizePart::MultiAz { multi });
        }
        if let Some(n) = self.read_replicas.filter(|&r| r > 0) {
            parts.push(SizePart::Replicas { n });
        }
        parts.push(SizePart::StorageGb {
            gb: self.storage_gb,
        });
        Size(parts)
    }

    fn capacity(
        &self,
        ctx: &Sizing<'_>,
        limits: &mut Vec<Limit>,
        _facts: &mut Vec<Fact>,
    ) -> Result<()> {
        let db = self;
        let cap = ctx.cap;
        let expected = ctx.expected();
        let class_name = db.instance_class.as_str();
        let (class_memory, uncertain) = class_memory(ctx, class_name)?;
        let share = cap.rds_postgres.shared_buffers_share.value;
        let memory = class_memory * share;
        let mut l = ctx.limit(
            Resource::Memory,
            Size::named(class_name),
            true,
            Measure::Bytes,
            memory,
            ctx.message_bytes(),
            Formula::new()
                .figure_in(
                    "DBInstanceClassMemory",
                    shown(class_memory),
                    FormulaUnit::Byte,
                )
                .op("×")
                .figure("shared_buffers_share", share.normalize())
                .op("=")
                .amount(memory, FormulaUnit::Bytes),
            ctx.message_basis(),
            &cap.rds_postgres.shared_buffers_share.source,
            uncertain,
        );
        l.equivalent = ctx.messages_in(memory);
        limits.push(l);
        let divisor = cap.rds_postgres.max_connections_divisor.value;
        let max = (class_memory / divisor)
            .floor()
            .min(cap.rds_postgres.max_connections_cap.value);
        let (d, basis) = ctx.connections_per_user();
        limits.push(
            ctx.limit(
                Resource::Connections,
                Size::named(class_name),
                true,
                Measure::Connections,
                max,
                d,
                Formula::new()
                    .op("LEAST(")
                    .figure("DBInstanceClassMemory", shown(class_memory))
                    .op("/")
                    .number(shown(divisor))
                    .op("sep")
                    .number(shown(cap.rds_postgres.max_connections_cap.value))
                    .op(")")
                    .op("=")
                    .number(shown(max)),
                basis,
                &cap.rds_postgres.max_connections_divisor.source,
                uncertain,
            ),
        );
        let storage = db.max_storage_gb.unwrap_or(db.storage_gb);
        let field = if db.max_storage_gb.is_some() {
            "max_storage_gb"
        } else {
            "storage_gb"
        };
        limits.push(ctx.limit(
            Resource::Storage,
            Size::storage_gb(storage),
            true,
            Measure::Gigabytes,
            Decimal::from(storage),
            per_user(ctx.usage, |u| u.message_storage_gb),
            Formula::new().figure(field, Decimal::from(storage)),
            Formula::new()
                .word("stored_messages")
                .amount(fine(expected.message_storage_gb), FormulaUnit::Gb)
                .per_user(),
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html",
            false,
        ));
        Ok(())
    }

    fn sizing_field(&self, item: &str, resource: Option<Resource>) -> &'static str {
        if resource == Some(Resource::Storage) {
            "max_storage_gb"
        } else if item.contains("storage") {
            "storage_gb"
        } else if item.contains("replica") {
            "read_replicas"
        } else {
            "instance_class"
        }
    }

    fn estate(&self) -> Estate {
        Estate::AwsRendered
    }

    fn network(&self) -> super::network::Network {
        // Publicly accessible: the internet, through its security group's
        // allow-list; otherwise only from inside the VPC.
        let ingress = if self.publicly_accessible.unwrap_or(false) {
            super::network::Ingress::AllowList
        } else {
            super::network::Ingress::VpcOnly
        };
        super::network::Network::new(super::network::Egress::CallsNothing, ingress)
    }

    fn remedy(&self, side: super::network::Side) -> Option<super::network::Remedy> {
        // A private instance can be made publicly accessible behind an
        // allow-list; that helps only callers with fixed addresses, which the
        // engine checks before offering it.
        match side {
            super::network::Side::Caller => None,
            super::network::Side::Inside if self.publicly_accessible.unwrap_or(false) => {
                Some(super::network::Remedy {
                    en: "the database made private".into(),
                    fr: "la base rendue privée".into(),
                    spec: super::Spec::RdsPostgres(RdsPostgres {
                        publicly_accessible: Some(false),
                        ..self.clone()
                    }),
                })
            }
            super::network::Side::Inside => None,
            super::network::Side::Target if self.publicly_accessible.unwrap_or(false) => None,
            super::network::Side::Target => Some(super::network::Remedy {
                en: "make the database publicly accessible, behind an allow-list of the caller's addresses".into(),
                fr: "rendre la base accessible publiquement, derrière une liste blanche des adresses de l'appelant".into(),
                spec: super::Spec::RdsPostgres(RdsPostgres {
                    publicly_accessible: Some(true),
                    ..self.clone()
                }),
            }),
        }
    }

    fn terraform(&self) -> TerraformRole<'_> {
        TerraformRole::Rendered(self)
    }
}

/// DBInstanceClassMemory of a class, in bytes, and whether it is uncertain:
/// measured in `capacity.yaml` when it is there, else the class's memory
/// from its price entry times `class_memory_share`.
fn class_memory(ctx: &Sizing<'_>, class_name: &str) -> Result<(Decimal, bool)> {
    let cap = &ctx.cap.rds_postgres;
    let measured = cap.instance_classes.get(class_name);
    if let Some(bytes) = measured.and_then(|c| c.class_memory_bytes) {
        return Ok((Decimal::from(bytes), measured.is_some_and(|c| c.uncertain)));
    }
    let id = format!("aws.rds.postgres.{class_name}.single-az");
    let memory = measured
        .and_then(|c| c.memory_gib)
        .or_else(|| ctx.catalog.get(&id, ctx.region).and_then(|e| e.memory_gib));
    let Some(memory) = memory else {
        return Err(ctx.error_at(
            "instance_class",
            format!(
                "no memory for instance class \"{class_name}\": its price entry {id} has no memory_gib; add it (the Price List's `memory`), or `archplan pricing refresh`"
            ),
        ));
    };
    let Some(share) = &cap.class_memory_share else {
        return Err(ctx.error_at(
            "instance_class",
            format!(
                "no DBInstanceClassMemory for instance class \"{class_name}\": {} has neither its class_memory_bytes nor rds_postgres.class_memory_share",
                ctx.capacity_file
            ),
        ));
    };
    Ok(((memory * GIB * share.value).floor(), true))
}

impl ModulePart for RdsPostgres {
    fn assemble<'a>(&'a self, c: &'a Component, m: &mut Assembly<'a>) {
        let component = one_line(&c.name);
        let publicly_accessible = self.publicly_accessible();
        let (multi_az, read_replicas) = (self.multi_az(), self.read_replicas());
        let mut primary_gaps = vec![checks::RDS_INSIGHTS_CMK];
        let mut replica_gaps = vec![checks::RDS_INSIGHTS_CMK, checks::RDS_SINGLE_AZ];
        if !multi_az {
            primary_gaps.push(checks::RDS_SINGLE_AZ);
        }
        if publicly_accessible {
            primary_gaps.push(checks::RDS_PUBLIC);
            replica_gaps.push(checks::RDS_PUBLIC);
        }
        let skips = m.skips(c, "aws_db_instance.database", primary_gaps);
        let replica_skips = if read_replicas > 0 {
            m.skips(c, "aws_db_instance.replica", replica_gaps)
        } else {
            Vec::new()
        };
        let log_skips = m.skips(
            c,
            "aws_cloudwatch_log_group.database",
            vec![checks::LOGS_CMK],
        );
        // The master and application users' secrets are covered by the
        // trade-offs of the component that holds the secrets.
        let owner = m.secrets_owner.unwrap_or(c);
        let secret_gaps = || vec![checks::SECRET_CMK, checks::SECRET_NO_ROTATION];
        let master_secret_skips = m.skips(
            owner,
            "aws_secretsmanager_secret.database_master",
            secret_gaps(),
        );
        let app_secret_skips = m.skips(
            owner,
            "aws_secretsmanager_secret.database_app",
            secret_gaps(),
        );

        let memory_gib = m.memory_gib(&format!(
            "aws.rds.postgres.{}.single-az",
            self.instance_class
        ));
        let mut instances = vec![(
            "database".to_string(),
            "db".to_string(),
            "aws_db_instance.database.identifier".to_string(),
            false,
        )];
        for i in 0..read_replicas {
            instances.push((
                format!("replica_{}", i + 1),
                format!("db-replica-{}", i + 1),
                format!("aws_db_instance.replica[{i}].identifier"),
                true,
            ));
        }
        for (resource, name, id, replica) in instances {
            for alarm in monitoring::database_alarms(&self.instance_class, replica) {
                m.alarms.push(alarm_block(
                    alarm,
                    &Watched {
                        component: &component,
                        resource: &resource,
                        name: &name,
                        namespace: "AWS/RDS",
                        dimension: "DBInstanceIdentifier",
                        value: &id,
                        class: &self.instance_class,
                        memory_gib,
                        storage_gb: self.storage_gb,
                    },
                ));
            }
        }
        m.watched.get_or_insert(c);

        if publicly_accessible {
            m.design_notes.push("The database has a public endpoint so that functions outside AWS can reach it; only `allowed_cidr_blocks` may connect, TLS is forced and the application connects as its own user with a generated password. Serverless platforms such as Vercel have no fixed outbound addresses unless you buy a static-IP option, so keep that list as narrow as the platform allows.".to_string());
        }
        m.design_notes.push(format!(
            "Deletion protection is on for the database{}: turn it off and apply before `terraform destroy`; the database leaves a final snapshot.",
            if m.has(Kind::LoadBalancer) { " and the load balancer" } else { "" }
        ));
        m.database = Some(Database {
            component: one_line(&c.name),
            instance_class: self.instance_class.clone(),
            storage_gb: self.storage_gb,
            max_storage_gb: self.max_storage_gb.filter(|&max| max > self.storage_gb),
            multi_az,
            read_replicas,
            backup_retention_days: self.backup_retention_days(),
            publicly_accessible,
            skips,
            replica_skips,
            master_secret_skips,
            app_secret_skips,
            log_skips,
        });
    }

    fn upgrade(&self, c: &Component, below: &Tier, notes: &mut Upgrade) {
        let Some(before) = counterpart::<RdsPostgres>(c, below) else {
            return;
        };
        if before.instance_class != self.instance_class {
            notes.change(format!(
                "database class {} → {}: modified in place in the next maintenance window (apply_immediately = false); a few minutes of downtime {}",
                before.instance_class,
                self.instance_class,
                if before.multi_az() { "while the standby takes over" } else { "on a Single-AZ instance" }
            ));
        }
        if before.storage_gb != self.storage_gb || before.max_storage_gb != self.max_storage_gb {
            notes.change(
                "database storage grows in place, without downtime (storage can never shrink)",
            );
        }
        if !before.multi_az() && self.multi_az() {
            notes.change("database becomes Multi-AZ in place: RDS builds the standby from a snapshot, without downtime");
        }
        let (was, is) = (before.read_replicas(), self.read_replicas());
        if is > was {
            notes.change(format!(
                "{} read replica{} created from the primary (possible because the master password is not managed by RDS)",
                is - was,
                if is - was > 1 { "s" } else { "" }
            ));
        }
    }
}

/// `aws_db_instance` resources of one component: a PostgreSQL primary and
/// its read replicas (`replicate_source_db`), on gp3 storage.
///
/// `source_engine` is the engine of a replica's source found elsewhere in
/// the input (a replica takes its source's engine).
pub fn from_terraform(
    g: &Group<'_>,
    source_engine: Option<&str>,
) -> std::result::Result<Read<RdsPostgres>, String> {
    let instances: Vec<&TfResource> = g.of_type("aws_db_instance").collect();
    let (replicas, primaries): (Vec<&TfResource>, Vec<&TfResource>) =
        instances.iter().partition(|r| {
            r.values.contains_key("replicate_source_db") || r.is_unknown("replicate_source_db")
        });
    let mut assumptions = Vec::new();
    // A replica whose primary is elsewhere is priced as an instance of its own.
    let primary = match primaries.as_slice() {
        [p] => *p,
        [] => replicas.first().copied().ok_or("no aws_db_instance")?,
        _ => {
            return Err(format!(
                "{} primary instances in one component",
                primaries.len()
            ))
        }
    };
    let read_replicas = if primaries.is_empty() {
        0
    } else {
        replicas.len()
    };
    // A replica takes its source's engine, named by a reference this read
    // does not follow when the source is another component's.
    let engine = match primary.str("engine").or(source_engine) {
        Some(e) => e,
        None if primaries.is_empty() => {
            assumptions.push(format!(
                "{}: a read replica has its source's engine, which is not read here; PostgreSQL assumed",
                primary.label()
            ));
            "postgres"
        }
        None => "postgres",
    };
    if engine != "postgres" {
        return Err(format!(
            "engine {engine}: archplan prices RDS for PostgreSQL; the catalog has no aws.rds.{engine}.* entries yet"
        ));
    }
    let storage_type = primary.str("storage_type").unwrap_or("gp3");
    if storage_type != "gp3" {
        return Err(format!(
            "storage_type {storage_type}: the catalog prices RDS gp3 storage only (aws.rds.gp3.*); no aws.rds.{storage_type}.* entries yet"
        ));
    }
    let instance_class = primary
        .str("instance_class")
        .ok_or("instance_class is not known before apply")?
        .to_string();
    let storage_gb = primary.u64("allocated_storage").unwrap_or_else(|| {
        assumptions.push(format!(
            "{}: allocated_storage not known; 20 GB assumed",
            primary.address
        ));
        20
    });
    let backup = primary
        .u64("backup_retention_period")
        .and_then(|d| u32::try_from(d).ok());
    let backup_retention_days = match backup {
        Some(d @ 1..=35) => Some(d),
        Some(0) => {
            assumptions.push(format!("{}: backup_retention_period 0 (no automated backups); priced as 1 day, whose backup storage is free", primary.address));
            Some(1)
        }
        _ => None,
    };
    Ok(Read {
        spec: RdsPostgres {
            instance_class,
            storage_gb,
            max_storage_gb: primary
                .u64("max_allocated_storage")
                .filter(|&m| m > storage_gb),
            multi_az: primary.bool("multi_az"),
            read_replicas: (read_replicas > 0).then(|| crate::tfread::count(read_replicas)),
            backup_retention_days,
            publicly_accessible: primary.bool("publicly_accessible"),
        },
        assumptions,
    })
}

/// Infracost usage-file keys of `aws_db_instance`, and the price each gives.
pub const USAGE_KEYS: &[(&str, &str)] = &[];

/// `pricing import --add`: the entry of an RDS product of an offer file that
/// the catalog's ids name: an instance class of PostgreSQL or MySQL
/// (`aws.rds.{postgres|mysql}.{class}.{single-az|multi-az}`), or gp2, gp3 or
/// io1 storage (`aws.rds.{gp2|gp3|io1}.{single-az|multi-az}`, the same for
/// both engines, read from PostgreSQL's products). Other products: `None`.
pub fn offer_entry(
    p: &crate::pricing::offer::Product,
    region: &str,
) -> Option<crate::pricing::catalog::PriceEntry> {
    use crate::pricing::added::entry;
    use crate::pricing::catalog::Unit;
    let attr = |k: &str| p.attributes.get(k).map(String::as_str);
    let az = match attr("deploymentOption")? {
        "Single-AZ" => "single-az",
        "Multi-AZ" => "multi-az",
        _ => return None,
    };
    match p.family.as_str() {
        "Database Instance" => {
            let (engine, name) = match attr("databaseEngine")? {
                "PostgreSQL" => ("postgres", "PostgreSQL"),
                "MySQL" => ("mysql", "MySQL"),
                _ => return None,
            };
            let class = attr("instanceType")?;
            let az_label = if az == "multi-az" { " (Multi-AZ)" } else { "" };
            Some(entry(
                format!("aws.rds.{engine}.{class}.{az}"),
                &format!("Amazon RDS for {name}{az_label}"),
                region,
                Unit::Hour,
                "AmazonRDS",
                p,
                &[
                    "regionCode",
                    "instanceType",
                    "databaseEngine",
                    "deploymentOption",
                    "usagetype",
                ],
            ))
        }
        "Database Storage" if matches!(attr("databaseEngine")?, "PostgreSQL" | "Any") => {
            let volume = match attr("volumeType")? {
                "General Purpose-GP3" => "gp3",
                "General Purpose" => "gp2",
                "Provisioned IOPS" => "io1",
                _ => return None,
            };
            let az_label = if az == "multi-az" { " (Multi-AZ)" } else { "" };
            Some(entry(
                format!("aws.rds.{volume}.{az}"),
                &format!("Amazon RDS - {volume} storage{az_label}"),
                region,
                Unit::GbMonth,
                "AmazonRDS",
                p,
                &[
                    "regionCode",
                    "volumeType",
                    "databaseEngine",
                    "deploymentOption",
                    "usagetype",
                ],
            ))
        }
        _ => None,
    }
}
