//! Amazon RDS prices: instance hours per engine, class and deployment; reserved instances;
//! storage, provisioned IOPS and throughput; backup; Extended Support.
//!
//! AWS bills RDS per instance-hour (per second, 10-minute minimum) by engine, class and
//! deployment; storage per GB-month of provisioned storage; provisioned IOPS and gp3 throughput
//! above the included baseline per IOPS-month and MiB/s-month; backup storage beyond 100 % of
//! the provisioned database storage per GB-month (<https://aws.amazon.com/rds/pricing/>).

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lookup::{Family, MissingPrice, found, missing_keyed};
use crate::price::Price;
use crate::table::{Payment, PriceTable, ReservedPrice, Term};

/// The `rds` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rds {
    /// Prices per database engine and licence model; an engine may be absent.
    pub engines: RdsEngines,
}

/// One optional price set per RDS engine and licence model.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RdsEngines {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postgresql: Option<RdsEnginePrices>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mysql: Option<RdsEnginePrices>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mariadb: Option<RdsEnginePrices>,
    /// Oracle Standard Edition Two, licence included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oracle_se2_li: Option<RdsEnginePrices>,
    /// Oracle Standard Edition Two, bring your own licence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oracle_se2_byol: Option<RdsEnginePrices>,
    /// Oracle Enterprise Edition, bring your own licence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oracle_ee_byol: Option<RdsEnginePrices>,
    /// SQL Server Express, licence included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sqlserver_express: Option<RdsEnginePrices>,
    /// SQL Server Web, licence included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sqlserver_web: Option<RdsEnginePrices>,
    /// SQL Server Standard, licence included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sqlserver_standard: Option<RdsEnginePrices>,
    /// SQL Server Enterprise, licence included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sqlserver_enterprise: Option<RdsEnginePrices>,
}

/// An RDS engine and licence model; the key of [`RdsEngines`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RdsEngine {
    Postgresql,
    Mysql,
    Mariadb,
    OracleSe2Li,
    OracleSe2Byol,
    OracleEeByol,
    SqlserverExpress,
    SqlserverWeb,
    SqlserverStandard,
    SqlserverEnterprise,
}

impl RdsEngine {
    /// Every engine, in schema order.
    pub const ALL: [RdsEngine; 10] = [
        Self::Postgresql,
        Self::Mysql,
        Self::Mariadb,
        Self::OracleSe2Li,
        Self::OracleSe2Byol,
        Self::OracleEeByol,
        Self::SqlserverExpress,
        Self::SqlserverWeb,
        Self::SqlserverStandard,
        Self::SqlserverEnterprise,
    ];

    /// The JSON key, e.g. "oracle_se2_li".
    pub fn key(self) -> &'static str {
        match self {
            Self::Postgresql => "postgresql",
            Self::Mysql => "mysql",
            Self::Mariadb => "mariadb",
            Self::OracleSe2Li => "oracle_se2_li",
            Self::OracleSe2Byol => "oracle_se2_byol",
            Self::OracleEeByol => "oracle_ee_byol",
            Self::SqlserverExpress => "sqlserver_express",
            Self::SqlserverWeb => "sqlserver_web",
            Self::SqlserverStandard => "sqlserver_standard",
            Self::SqlserverEnterprise => "sqlserver_enterprise",
        }
    }
}

impl RdsEngines {
    /// The prices for `engine`, if the table has them.
    pub fn get(&self, engine: RdsEngine) -> Option<&RdsEnginePrices> {
        match engine {
            RdsEngine::Postgresql => self.postgresql.as_ref(),
            RdsEngine::Mysql => self.mysql.as_ref(),
            RdsEngine::Mariadb => self.mariadb.as_ref(),
            RdsEngine::OracleSe2Li => self.oracle_se2_li.as_ref(),
            RdsEngine::OracleSe2Byol => self.oracle_se2_byol.as_ref(),
            RdsEngine::OracleEeByol => self.oracle_ee_byol.as_ref(),
            RdsEngine::SqlserverExpress => self.sqlserver_express.as_ref(),
            RdsEngine::SqlserverWeb => self.sqlserver_web.as_ref(),
            RdsEngine::SqlserverStandard => self.sqlserver_standard.as_ref(),
            RdsEngine::SqlserverEnterprise => self.sqlserver_enterprise.as_ref(),
        }
    }
}

/// How an RDS database is deployed. Multi-AZ keeps a synchronous standby (billed as a second
/// instance, roughly double); a Multi-AZ DB cluster has one writer and two readable standbys.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RdsDeployment {
    SingleAz,
    MultiAz,
    MultiAzCluster,
}

impl RdsDeployment {
    /// Every deployment.
    pub const ALL: [RdsDeployment; 3] = [Self::SingleAz, Self::MultiAz, Self::MultiAzCluster];

    /// The JSON key, e.g. "multi_az".
    pub fn key(self) -> &'static str {
        match self {
            Self::SingleAz => "single_az",
            Self::MultiAz => "multi_az",
            Self::MultiAzCluster => "multi_az_cluster",
        }
    }
}

/// A price per deployment; a deployment the engine or class does not offer is left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeploymentPrices {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub single_az: Option<Price>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_az: Option<Price>,
    /// Multi-AZ DB cluster (one writer, two readable standbys); MySQL and PostgreSQL only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_az_cluster: Option<Price>,
}

impl DeploymentPrices {
    /// The price for `deployment`, if present.
    pub fn get(&self, deployment: RdsDeployment) -> Option<Price> {
        match deployment {
            RdsDeployment::SingleAz => self.single_az,
            RdsDeployment::MultiAz => self.multi_az,
            RdsDeployment::MultiAzCluster => self.multi_az_cluster,
        }
    }
}

/// All prices for one RDS engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RdsEnginePrices {
    /// On-demand price per instance-hour, per class and deployment.
    #[schemars(extend("x-unique-by" = ["class"]))]
    pub instances: Vec<RdsInstancePrice>,
    /// Reserved instances: upfront fee plus hourly charge per class, deployment, term and payment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-unique-by" = ["class", "deployment", "term", "payment"]))]
    pub reserved: Vec<RdsReservedPrice>,
    /// Storage prices per volume type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<RdsStorage>,
    /// Backup storage beyond the free allowance (100 % of provisioned storage), per GB-month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_gb_month: Option<Price>,
    /// RDS Extended Support for a major version past its end of standard support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended_support: Option<ExtendedSupport>,
}

/// On-demand hourly prices of one instance class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RdsInstancePrice {
    /// Instance class, e.g. "db.r6g.large".
    pub class: String,
    /// Price per instance-hour per deployment (a Multi-AZ price covers primary and standby).
    pub hourly: DeploymentPrices,
}

/// One reserved-instance offering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RdsReservedPrice {
    pub class: String,
    pub deployment: RdsDeployment,
    pub term: Term,
    pub payment: Payment,
    /// One-off fee at purchase.
    pub upfront: Price,
    /// Charge per hour of the term, used or not.
    pub hourly: Price,
}

/// RDS storage volume types.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum VolumeType {
    Gp2,
    Gp3,
    Io1,
    Io2,
    Magnetic,
}

impl VolumeType {
    /// Every volume type.
    pub const ALL: [VolumeType; 5] = [Self::Gp2, Self::Gp3, Self::Io1, Self::Io2, Self::Magnetic];

    /// The JSON key, e.g. "gp3".
    pub fn key(self) -> &'static str {
        match self {
            Self::Gp2 => "gp2",
            Self::Gp3 => "gp3",
            Self::Io1 => "io1",
            Self::Io2 => "io2",
            Self::Magnetic => "magnetic",
        }
    }
}

/// Storage prices of one engine, per volume type; each type may be absent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RdsStorage {
    /// General Purpose SSD (gp2): GB-month only; IOPS come from size (3 per GiB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gp2: Option<PlainVolume>,
    /// General Purpose SSD (gp3): GB-month, plus IOPS and throughput above the included baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gp3: Option<Gp3Volume>,
    /// Provisioned IOPS SSD (io1): GB-month plus every provisioned IOPS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub io1: Option<ProvisionedIopsVolume>,
    /// Provisioned IOPS SSD (io2 Block Express): GB-month plus every provisioned IOPS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub io2: Option<ProvisionedIopsVolume>,
    /// Magnetic (previous generation): GB-month plus I/O requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub magnetic: Option<MagneticVolume>,
}

/// A volume billed by GB-month only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlainVolume {
    /// Per GB-month of provisioned storage, per deployment.
    pub gb_month: DeploymentPrices,
}

/// gp3 storage prices and its included baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gp3Volume {
    /// Per GB-month of provisioned storage, per deployment.
    pub gb_month: DeploymentPrices,
    /// Per IOPS-month provisioned above the included baseline, per deployment.
    pub iops_month: DeploymentPrices,
    /// Per MiB/s-month of throughput provisioned above the included baseline, per deployment.
    pub mibps_month: DeploymentPrices,
    /// Included IOPS and throughput by volume size; the entry with the largest `from_gib` not
    /// above the volume size applies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-unique-by" = ["from_gib"]))]
    pub baseline: Vec<Gp3Baseline>,
}

/// Included gp3 performance from a volume size upwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gp3Baseline {
    /// Smallest volume size (GiB) this baseline applies to.
    pub from_gib: u32,
    /// IOPS included at no charge.
    pub iops: u32,
    /// Throughput (MiB/s) included at no charge.
    pub mibps: u32,
}

/// io1 / io2 prices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProvisionedIopsVolume {
    /// Per GB-month of provisioned storage, per deployment.
    pub gb_month: DeploymentPrices,
    /// Per provisioned IOPS-month, per deployment.
    pub iops_month: DeploymentPrices,
}

/// Magnetic storage prices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MagneticVolume {
    /// Per GB-month of provisioned storage, per deployment.
    pub gb_month: DeploymentPrices,
    /// Per million I/O requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub io_per_million: Option<Price>,
}

/// RDS / Aurora Extended Support, charged per vCPU-hour of every instance running a major
/// version past its end of standard support (<https://aws.amazon.com/rds/pricing/>, "Extended
/// Support"). The rate rises in the third year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtendedSupport {
    /// Per vCPU-hour in years 1 and 2 after end of standard support.
    pub year_1_2_vcpu_hour: Price,
    /// Per vCPU-hour in year 3.
    pub year_3_vcpu_hour: Price,
}

/// Which Extended Support period applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExtendedSupportYear {
    /// Years 1 and 2 after end of standard support.
    Year1To2,
    /// Year 3.
    Year3,
}

impl ExtendedSupport {
    /// The per vCPU-hour rate for `year`.
    pub fn vcpu_hour(&self, year: ExtendedSupportYear) -> Price {
        match year {
            ExtendedSupportYear::Year1To2 => self.year_1_2_vcpu_hour,
            ExtendedSupportYear::Year3 => self.year_3_vcpu_hour,
        }
    }
}

/// RDS lookups. Each returns the price or a [`MissingPrice`] naming what is absent; the key
/// of a missing price is written out only on a miss, so a found price costs no allocation.
impl PriceTable {
    fn rds_engine(&self, engine: RdsEngine) -> Option<&RdsEnginePrices> {
        self.rds.as_ref().and_then(|r| r.engines.get(engine))
    }

    fn rds_storage(&self, engine: RdsEngine) -> Option<&RdsStorage> {
        self.rds_engine(engine).and_then(|p| p.storage.as_ref())
    }

    /// On-demand price per instance-hour of `class` running `engine` in `deployment`.
    pub fn rds_instance_hourly(
        &self,
        engine: RdsEngine,
        class: &str,
        deployment: RdsDeployment,
    ) -> Result<Decimal, MissingPrice> {
        self.find_rds_instance_hourly(engine, class, deployment)
            .ok_or_else(|| {
                missing_keyed(
                    Family::Rds,
                    "instance_hourly",
                    &[engine.key(), class, deployment.key()],
                )
            })
    }

    /// [`PriceTable::rds_instance_hourly`] without naming what is missing: `None` where that
    /// returns a [`MissingPrice`], and never allocating (instance sizing asks for many classes
    /// a table may lack).
    pub fn find_rds_instance_hourly(
        &self,
        engine: RdsEngine,
        class: &str,
        deployment: RdsDeployment,
    ) -> Option<Decimal> {
        self.rds_engine(engine)
            .and_then(|p| p.instances.iter().find(|i| i.class == class))
            .and_then(|i| i.hourly.get(deployment))
            .map(Price::get)
    }

    /// Reserved-instance upfront fee and hourly charge.
    pub fn rds_reserved(
        &self,
        engine: RdsEngine,
        class: &str,
        deployment: RdsDeployment,
        term: Term,
        payment: Payment,
    ) -> Result<ReservedPrice, MissingPrice> {
        self.rds_engine(engine)
            .and_then(|p| {
                p.reserved.iter().find(|r| {
                    r.class == class
                        && r.deployment == deployment
                        && r.term == term
                        && r.payment == payment
                })
            })
            .map(|r| ReservedPrice {
                upfront: r.upfront.get(),
                hourly: r.hourly.get(),
            })
            .ok_or_else(|| {
                missing_keyed(
                    Family::Rds,
                    "reserved",
                    &[
                        engine.key(),
                        class,
                        deployment.key(),
                        term.key(),
                        payment.key(),
                    ],
                )
            })
    }

    /// Storage price per GB-month of `volume` in `deployment`.
    pub fn rds_storage_gb_month(
        &self,
        engine: RdsEngine,
        volume: VolumeType,
        deployment: RdsDeployment,
    ) -> Result<Decimal, MissingPrice> {
        self.rds_storage(engine)
            .and_then(|s| match volume {
                VolumeType::Gp2 => s.gp2.as_ref().map(|v| &v.gb_month),
                VolumeType::Gp3 => s.gp3.as_ref().map(|v| &v.gb_month),
                VolumeType::Io1 => s.io1.as_ref().map(|v| &v.gb_month),
                VolumeType::Io2 => s.io2.as_ref().map(|v| &v.gb_month),
                VolumeType::Magnetic => s.magnetic.as_ref().map(|v| &v.gb_month),
            })
            .and_then(|p| p.get(deployment))
            .map(Price::get)
            .ok_or_else(|| {
                missing_keyed(
                    Family::Rds,
                    "storage_gb_month",
                    &[engine.key(), volume.key(), deployment.key()],
                )
            })
    }

    /// Price per provisioned IOPS-month: above the baseline for gp3, every IOPS for io1/io2.
    /// gp2 and magnetic have no provisioned IOPS, so asking for them is a missing price.
    pub fn rds_iops_month(
        &self,
        engine: RdsEngine,
        volume: VolumeType,
        deployment: RdsDeployment,
    ) -> Result<Decimal, MissingPrice> {
        self.rds_storage(engine)
            .and_then(|s| match volume {
                VolumeType::Gp3 => s.gp3.as_ref().map(|v| &v.iops_month),
                VolumeType::Io1 => s.io1.as_ref().map(|v| &v.iops_month),
                VolumeType::Io2 => s.io2.as_ref().map(|v| &v.iops_month),
                VolumeType::Gp2 | VolumeType::Magnetic => None,
            })
            .and_then(|p| p.get(deployment))
            .map(Price::get)
            .ok_or_else(|| {
                missing_keyed(
                    Family::Rds,
                    "iops_month",
                    &[engine.key(), volume.key(), deployment.key()],
                )
            })
    }

    /// gp3 price per MiB/s-month of throughput above the baseline.
    pub fn rds_gp3_throughput_mibps_month(
        &self,
        engine: RdsEngine,
        deployment: RdsDeployment,
    ) -> Result<Decimal, MissingPrice> {
        self.rds_storage(engine)
            .and_then(|s| s.gp3.as_ref())
            .and_then(|g| g.mibps_month.get(deployment))
            .map(Price::get)
            .ok_or_else(|| {
                missing_keyed(
                    Family::Rds,
                    "gp3_mibps_month",
                    &[engine.key(), "gp3", deployment.key()],
                )
            })
    }

    /// The gp3 baseline (included IOPS and MiB/s) for a volume of `size_gib`.
    pub fn rds_gp3_baseline(
        &self,
        engine: RdsEngine,
        size_gib: u32,
    ) -> Result<Gp3Baseline, MissingPrice> {
        self.rds_storage(engine)
            .and_then(|s| s.gp3.as_ref())
            .and_then(|g| {
                g.baseline
                    .iter()
                    .filter(|b| b.from_gib <= size_gib)
                    .max_by_key(|b| b.from_gib)
            })
            .copied()
            .ok_or_else(|| {
                missing_keyed(
                    Family::Rds,
                    "gp3_baseline",
                    &[engine.key(), "gp3", &format!("{size_gib}GiB")],
                )
            })
    }

    /// Magnetic storage price per million I/O requests.
    pub fn rds_magnetic_io_per_million(&self, engine: RdsEngine) -> Result<Decimal, MissingPrice> {
        found(
            self.rds_storage(engine)
                .and_then(|s| s.magnetic.as_ref())
                .and_then(|m| m.io_per_million),
            Family::Rds,
            "magnetic_io_per_million",
            engine.key(),
        )
    }

    /// Backup storage price per GB-month beyond the free allowance.
    pub fn rds_backup_gb_month(&self, engine: RdsEngine) -> Result<Decimal, MissingPrice> {
        found(
            self.rds_engine(engine).and_then(|p| p.backup_gb_month),
            Family::Rds,
            "backup_gb_month",
            engine.key(),
        )
    }

    /// Extended Support price per vCPU-hour.
    pub fn rds_extended_support_vcpu_hour(
        &self,
        engine: RdsEngine,
        year: ExtendedSupportYear,
    ) -> Result<Decimal, MissingPrice> {
        self.rds_engine(engine)
            .and_then(|p| p.extended_support.as_ref())
            .map(|e| e.vcpu_hour(year).get())
            .ok_or_else(|| {
                missing_keyed(
                    Family::Rds,
                    "extended_support_vcpu_hour",
                    &[engine.key(), year.key()],
                )
            })
    }
}

impl ExtendedSupportYear {
    /// The name used in lookup keys.
    pub fn key(self) -> &'static str {
        match self {
            Self::Year1To2 => "year_1_2",
            Self::Year3 => "year_3",
        }
    }
}
