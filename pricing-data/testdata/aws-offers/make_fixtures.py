#!/usr/bin/env python3
"""Writes the AWS offer-file fixtures (JSON and CSV) from the hand-written product list below.

The layout follows the AWS Price List Bulk API offer files: JSON with formatVersion,
disclaimer, offerCode, version, publicationDate, products{sku: {sku, productFamily,
attributes}}, terms{OnDemand|Reserved: {sku: {sku.termCode: {offerTermCode, sku,
effectiveDate, priceDimensions{rateCode: {...}}, termAttributes}}}}; CSV with five metadata
lines, a header row (SKU, OfferTermCode, RateCode, TermType, PriceDescription, EffectiveDate,
StartingRange, EndingRange, Unit, PricePerUnit, Currency, RelatedTo, LeaseContractLength,
PurchaseOption, OfferingClass, Product Family, then attribute columns with their CSV names) and
one row per price dimension.

Prices are us-east-1 list prices as published on the AWS pricing pages (rounded where AWS
rounds); the trap SKUs (Outposts, Local Zone, other region, SyncDurability, ElastiCache
Extended Support, convertible reservations, free tiers, a conflicting duplicate) are the ones
the importer must skip or report. Run it from this folder: `python3 make_fixtures.py`.
The committed files are the fixtures; this script only saves typing when they change.
"""

import csv
import json
import re

REGION = {"location": "US East (N. Virginia)", "locationType": "AWS Region", "regionCode": "us-east-1"}
OUTPOSTS = {"location": "US East (N. Virginia)", "locationType": "AWS Outposts", "regionCode": "us-east-1"}
LOCAL_ZONE = {"location": "US East (Boston)", "locationType": "AWS Local Zone", "regionCode": "us-east-1-bos-1"}
OREGON = {"location": "US West (Oregon)", "locationType": "AWS Region", "regionCode": "us-west-2"}

ON_DEMAND = "JRTCKXETXF"
HOURLY_RATE = "6YS6EN2CT7"
UPFRONT_RATE = "2TG2D8R56U"
RESERVED = {
    ("1yr", "No Upfront", "standard"): "4NA7Y494T4",
    ("1yr", "Partial Upfront", "standard"): "HU7G6KETJZ",
    ("1yr", "All Upfront", "standard"): "6QCMYABX3D",
    ("3yr", "No Upfront", "standard"): "BPH4J8HBKS",
    ("3yr", "Partial Upfront", "standard"): "38NPMPTW36",
    ("3yr", "All Upfront", "standard"): "NQ3QZPMQV9",
    ("1yr", "All Upfront", "convertible"): "VJWZNREJX2",
    ("1yr", "Heavy Utilization", ""): "MZU6U2429S",
    ("3yr", "Heavy Utilization", ""): "CUZHX8X6JH",
}
CSV_NAMES = {
    "servicecode": "serviceCode", "usagetype": "usageType", "operation": "operation",
    "servicename": "serviceName", "vcpu": "vCPU", "regionCode": "Region Code",
}


def fmt(price):
    """AWS writes prices with ten decimals."""
    return f"{price:.10f}"


class Offer:
    def __init__(self, code, version, published, effective):
        self.code, self.version, self.published, self.effective = code, version, published, effective
        self.products = []  # (sku, family, attrs, ondemand dims, reserved terms)

    def add(self, sku, family, attrs, hourly=None, unit="Hrs", desc="", tiers=None, reserved=()):
        """tiers: [(begin, end, price, description)]; reserved: [(lease, option, class, upfront, hourly)]"""
        if not desc and hourly is not None:
            desc = f"${hourly:g} per {unit} ({attrs.get('usagetype', '')})"
        dims = tiers if tiers is not None else ([("0", "Inf", hourly, desc)] if hourly is not None else [])
        self.products.append((sku, family, attrs, unit, dims, list(reserved)))

    def write_json(self, path):
        products, ondemand, reserved = {}, {}, {}
        for sku, family, attrs, unit, dims, res in self.products:
            products[sku] = {"sku": sku, "productFamily": family, "attributes": attrs}
            if dims:
                pd = {}
                for i, (b, e, p, d) in enumerate(dims):
                    rate = f"{sku}.{ON_DEMAND}.{HOURLY_RATE if i == 0 else 'PGHJ3S3EYE' if i == 1 else 'JCCPQ8N3KA'}"
                    pd[rate] = {"rateCode": rate, "description": d, "beginRange": b, "endRange": e,
                                "unit": unit, "pricePerUnit": {"USD": fmt(p)}, "appliesTo": []}
                ondemand[sku] = {f"{sku}.{ON_DEMAND}": {
                    "offerTermCode": ON_DEMAND, "sku": sku, "effectiveDate": self.effective,
                    "priceDimensions": pd, "termAttributes": {}}}
            for lease, option, klass, upfront, hourly in res:
                code = RESERVED[(lease, option, klass)]
                pd = {}
                rate = f"{sku}.{code}.{HOURLY_RATE}"
                pd[rate] = {"rateCode": rate, "description": f"USD {hourly} per hour ({lease} {option})",
                            "beginRange": "0", "endRange": "Inf", "unit": unit,
                            "pricePerUnit": {"USD": fmt(hourly)}, "appliesTo": []}
                if upfront is not None:
                    rate = f"{sku}.{code}.{UPFRONT_RATE}"
                    pd[rate] = {"rateCode": rate, "description": "Upfront Fee", "unit": "Quantity",
                                "pricePerUnit": {"USD": str(upfront)}, "appliesTo": []}
                attrs_t = {"LeaseContractLength": lease, "PurchaseOption": option}
                if klass:
                    attrs_t["OfferingClass"] = klass
                reserved.setdefault(sku, {})[f"{sku}.{code}"] = {
                    "offerTermCode": code, "sku": sku, "effectiveDate": self.effective,
                    "priceDimensions": pd, "termAttributes": attrs_t}
        doc = {
            "formatVersion": "v1.0",
            "disclaimer": "This pricing list is for informational purposes only. All prices are subject to the additional terms included in the pricing pages on http://aws.amazon.com. All Free Tier prices are also subject to the terms included at https://aws.amazon.com/free/",
            "offerCode": self.code, "version": self.version, "publicationDate": self.published,
            "products": products, "terms": {"OnDemand": ondemand, "Reserved": reserved},
        }
        with open(path, "w") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")

    def write_csv(self, path):
        attr_names = []
        for _, _, attrs, _, _, _ in self.products:
            for k in attrs:
                if k not in attr_names:
                    attr_names.append(k)
        def csv_name(k):
            if k in CSV_NAMES:
                return CSV_NAMES[k]
            return re.sub(r"(?<!^)([A-Z])", r" \1", k[0].upper() + k[1:])
        header = ["SKU", "OfferTermCode", "RateCode", "TermType", "PriceDescription", "EffectiveDate",
                  "StartingRange", "EndingRange", "Unit", "PricePerUnit", "Currency", "RelatedTo",
                  "LeaseContractLength", "PurchaseOption", "OfferingClass", "Product Family"] + [csv_name(k) for k in attr_names]
        with open(path, "w", newline="") as f:
            w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
            w.writerow(["FormatVersion", "v1.0"])
            w.writerow(["Disclaimer", "This pricing list is for informational purposes only. All prices are subject to the additional terms included in the pricing pages on http://aws.amazon.com. All Free Tier prices are also subject to the terms included at https://aws.amazon.com/free/"])
            w.writerow(["Publication Date", self.published])
            w.writerow(["Version", self.version])
            w.writerow(["OfferCode", self.code])
            w.writerow(header)
            for sku, family, attrs, unit, dims, res in self.products:
                av = [attrs.get(k, "") for k in attr_names]
                for i, (b, e, p, d) in enumerate(dims):
                    rate = f"{sku}.{ON_DEMAND}.{HOURLY_RATE if i == 0 else 'PGHJ3S3EYE' if i == 1 else 'JCCPQ8N3KA'}"
                    w.writerow([sku, ON_DEMAND, rate, "OnDemand", d, self.effective[:10], b, e, unit, fmt(p), "USD", "", "", "", "", family] + av)
                for lease, option, klass, upfront, hourly in res:
                    code = RESERVED[(lease, option, klass)]
                    if upfront is not None:
                        w.writerow([sku, code, f"{sku}.{code}.{UPFRONT_RATE}", "Reserved", "Upfront Fee", self.effective[:10], "", "", "Quantity", str(upfront), "USD", "", lease, option, klass, family] + av)
                    w.writerow([sku, code, f"{sku}.{code}.{HOURLY_RATE}", "Reserved", f"USD {hourly} per hour ({lease} {option})", self.effective[:10], "0", "Inf", unit, fmt(hourly), "USD", "", lease, option, klass, family] + av)


def rds_instance(loc, cls, vcpu, mem, engine, dep, usage, edition=None, licence="No license required", **extra):
    a = {"servicecode": "AmazonRDS", **loc, "instanceType": cls, "currentGeneration": "Yes",
         "instanceFamily": "Memory optimized", "vcpu": str(vcpu), "memory": f"{mem} GiB",
         "storage": "EBS Only", "networkPerformance": "Up to 10 Gigabit", "processorArchitecture": "64-bit",
         "databaseEngine": engine}
    if edition:
        a["databaseEdition"] = edition
    a.update({"licenseModel": licence, "deploymentOption": dep, "usagetype": usage,
              "operation": "CreateDBInstance:0014", "servicename": "Amazon Relational Database Service"})
    a.update(extra)
    return a


def rds_other(loc, engine, usage, dep=None, volume=None, **extra):
    a = {"servicecode": "AmazonRDS", **loc, "databaseEngine": engine}
    if volume:
        a["volumeType"] = volume
    if dep:
        a["deploymentOption"] = dep
    a.update({"usagetype": usage, "operation": "CreateDBInstance:0014", "servicename": "Amazon Relational Database Service"})
    a.update(extra)
    return a


def rds():
    o = Offer("AmazonRDS", "20261120174542", "2026-11-20T17:45:42Z", "2026-11-01T00:00:00Z")
    pg_res = [("1yr", "No Upfront", "standard", None, 0.158), ("1yr", "Partial Upfront", "standard", 654, 0.075),
              ("1yr", "All Upfront", "standard", 1284, 0.0), ("3yr", "All Upfront", "standard", 2760, 0.0),
              ("1yr", "All Upfront", "convertible", 1500, 0.0)]
    # PostgreSQL instances
    o.add("RDSPG0R6GLSAZ001", "Database Instance", rds_instance(REGION, "db.r6g.large", 2, 16, "PostgreSQL", "Single-AZ", "InstanceUsage:db.r6g.large"), 0.225, reserved=pg_res)
    o.add("RDSPG0R6GLMAZ002", "Database Instance", rds_instance(REGION, "db.r6g.large", 2, 16, "PostgreSQL", "Multi-AZ", "Multi-AZUsage:db.r6g.large"), 0.45,
          reserved=[("1yr", "All Upfront", "standard", 2568, 0.0)])
    o.add("RDSPG0T4GMSAZ003", "Database Instance", rds_instance(REGION, "db.t4g.micro", 2, 1, "PostgreSQL", "Single-AZ", "InstanceUsage:db.t4g.micro"), 0.016)
    o.add("RDSPG0T4GMMAZ004", "Database Instance", rds_instance(REGION, "db.t4g.micro", 2, 1, "PostgreSQL", "Multi-AZ", "Multi-AZUsage:db.t4g.micro"), 0.032)
    # the same price listed twice: not a conflict
    o.add("RDSPG0T4GMMAZ005", "Database Instance", rds_instance(REGION, "db.t4g.micro", 2, 1, "PostgreSQL", "Multi-AZ", "Multi-AZUsage:db.t4g.micro", engineCode="14"), 0.032)
    o.add("RDSPG0R6GDCLU006", "Database Instance", rds_instance(REGION, "db.r6gd.large", 2, 16, "PostgreSQL", "Multi-AZ (readable standbys)", "Multi-AZClusterUsage:db.r6gd.large"), 0.783)
    o.add("RDSPG0R6GDSAZ007", "Database Instance", rds_instance(REGION, "db.r6gd.large", 2, 16, "PostgreSQL", "Single-AZ", "InstanceUsage:db.r6gd.large"), 0.261)
    # conflict: two SKUs, one slot, two prices
    o.add("RDSPG0M5LGSAZ008", "Database Instance", rds_instance(REGION, "db.m5.large", 2, 8, "PostgreSQL", "Single-AZ", "InstanceUsage:db.m5.large"), 0.178)
    o.add("RDSPG0M5LGSAZ009", "Database Instance", rds_instance(REGION, "db.m5.large", 2, 8, "PostgreSQL", "Single-AZ", "InstanceUsage:db.m5.large", engineCode="14"), 0.171)
    # MySQL, MariaDB
    o.add("RDSMY0R6GLSAZ010", "Database Instance", rds_instance(REGION, "db.r6g.large", 2, 16, "MySQL", "Single-AZ", "InstanceUsage:db.r6g.large"), 0.215)
    o.add("RDSMY0R6GLMAZ011", "Database Instance", rds_instance(REGION, "db.r6g.large", 2, 16, "MySQL", "Multi-AZ", "Multi-AZUsage:db.r6g.large"), 0.43)
    o.add("RDSMA0R6GLSAZ012", "Database Instance", rds_instance(REGION, "db.r6g.large", 2, 16, "MariaDB", "Single-AZ", "InstanceUsage:db.r6g.large"), 0.215)
    # Oracle and SQL Server editions and licences
    o.add("RDSOR0SE2LI00013", "Database Instance", rds_instance(REGION, "db.m5.large", 2, 8, "Oracle", "Single-AZ", "InstanceUsage:db.m5.large", edition="Standard Two", licence="License included"), 0.544)
    o.add("RDSOR0SE2BY00014", "Database Instance", rds_instance(REGION, "db.m5.large", 2, 8, "Oracle", "Single-AZ", "InstanceUsage:db.m5.large", edition="Standard Two", licence="Bring your own license"), 0.178)
    o.add("RDSOR0EEBY000015", "Database Instance", rds_instance(REGION, "db.m5.large", 2, 8, "Oracle", "Single-AZ", "InstanceUsage:db.m5.large", edition="Enterprise", licence="Bring your own license"), 0.178)
    o.add("RDSOR0EELI000016", "Database Instance", rds_instance(REGION, "db.m5.large", 2, 8, "Oracle", "Single-AZ", "InstanceUsage:db.m5.large", edition="Enterprise", licence="License included"), 0.9)
    o.add("RDSSQ0EXLI000017", "Database Instance", rds_instance(REGION, "db.t3.small", 2, 2, "SQL Server", "Single-AZ", "InstanceUsage:db.t3.small", edition="Express", licence="License included"), 0.044)
    o.add("RDSSQ0WBLI000018", "Database Instance", rds_instance(REGION, "db.m5.large", 2, 8, "SQL Server", "Single-AZ", "InstanceUsage:db.m5.large", edition="Web", licence="License included"), 0.291)
    o.add("RDSSQ0STLI000019", "Database Instance", rds_instance(REGION, "db.m5.large", 2, 8, "SQL Server", "Multi-AZ", "Multi-AZUsage:db.m5.large", edition="Standard", licence="License included"), 1.954)
    o.add("RDSSQ0ENLI000020", "Database Instance", rds_instance(REGION, "db.m5.xlarge", 4, 16, "SQL Server", "Single-AZ", "InstanceUsage:db.m5.xlarge", edition="Enterprise", licence="License included"), 3.88)
    o.add("RDSSQ0STMI000021", "Database Instance", rds_instance(REGION, "db.m5.large", 2, 8, "SQL Server", "Multi-AZ (SQL Server Mirror)", "Multi-AZUsage:db.m5.large", edition="Standard", licence="License included"), 1.954)
    o.add("RDSDB20000000022", "Database Instance", rds_instance(REGION, "db.m6i.large", 2, 8, "Db2", "Single-AZ", "InstanceUsage:db.m6i.large", edition="Standard", licence="Bring your own license"), 0.2)
    # trap locations
    o.add("RDSOUTPOSTS00023", "Database Instance", rds_instance(OUTPOSTS, "db.m5.large", 2, 8, "PostgreSQL", "Single-AZ", "InstanceUsage:db.m5.large"), 0.1)
    o.add("RDSLOCALZONE0024", "Database Instance", rds_instance(LOCAL_ZONE, "db.r6g.large", 2, 16, "PostgreSQL", "Single-AZ", "USE1-BOS1-InstanceUsage:db.r6g.large"), 0.27)
    o.add("RDSOREGON0000025", "Database Instance", rds_instance(OREGON, "db.r6g.large", 2, 16, "PostgreSQL", "Single-AZ", "USW2-InstanceUsage:db.r6g.large"), 0.225)
    # storage
    for eng, p in [("PostgreSQL", "PG"), ("MySQL", "MY")]:
        o.add(f"RDS{p}GP2SAZ00026", "Database Storage", rds_other(REGION, eng, "RDS:GP2-Storage", "Single-AZ", "General Purpose"), 0.115, unit="GB-Mo")
        o.add(f"RDS{p}GP2MAZ00027", "Database Storage", rds_other(REGION, eng, "RDS:Multi-AZ-GP2-Storage", "Multi-AZ", "General Purpose"), 0.23, unit="GB-Mo")
        o.add(f"RDS{p}GP3SAZ00028", "Database Storage", rds_other(REGION, eng, "RDS:GP3-Storage", "Single-AZ", "General Purpose-GP3"), 0.115, unit="GB-Mo")
        o.add(f"RDS{p}GP3MAZ00029", "Database Storage", rds_other(REGION, eng, "RDS:Multi-AZ-GP3-Storage", "Multi-AZ", "General Purpose-GP3"), 0.23, unit="GB-Mo")
    o.add("RDSPGGP3IOPS0030", "Provisioned IOPS", rds_other(REGION, "PostgreSQL", "RDS:GP3-PIOPS", "Single-AZ", "General Purpose-GP3"), 0.02, unit="IOPS-Mo")
    o.add("RDSPGGP3THRU0031", "Provisioned Throughput", rds_other(REGION, "PostgreSQL", "RDS:GP3-Throughput", "Single-AZ", "General Purpose-GP3"), 0.08, unit="MiBps-Mo")
    o.add("RDSPGIO1STOR0032", "Database Storage", rds_other(REGION, "PostgreSQL", "RDS:PIOPS-Storage", "Single-AZ", "Provisioned IOPS"), 0.125, unit="GB-Mo")
    o.add("RDSPGIO1IOPS0033", "Provisioned IOPS", rds_other(REGION, "PostgreSQL", "RDS:PIOPS", "Single-AZ", "Provisioned IOPS"), 0.1, unit="IOPS-Mo")
    o.add("RDSPGIO2STOR0034", "Database Storage", rds_other(REGION, "PostgreSQL", "RDS:IO2-Storage", "Single-AZ", "Provisioned IOPS-IO2"), 0.125, unit="GB-Mo")
    o.add("RDSPGIO2IOPS0035", "Provisioned IOPS", rds_other(REGION, "PostgreSQL", "RDS:IO2-PIOPS", "Single-AZ", "Provisioned IOPS-IO2"), 0.1, unit="IOPS-Mo")
    o.add("RDSPGMAGSTOR0036", "Database Storage", rds_other(REGION, "PostgreSQL", "RDS:StorageUsage", "Single-AZ", "Magnetic"), 0.1, unit="GB-Mo")
    o.add("RDSPGMAGIO000037", "System Operation", rds_other(REGION, "PostgreSQL", "RDS:StorageIOUsage", group="RDS I/O Operation"), 0.0000001, unit="IOs")
    # backup for every engine ("Any"), and a specific one that wins over it
    o.add("RDSANYBACKUP0038", "Storage Snapshot", rds_other(REGION, "Any", "RDS:ChargedBackupUsage"), 0.095, unit="GB-Mo")
    o.add("RDSORBACKUP00039", "Storage Snapshot", rds_other(REGION, "Oracle", "RDS:ChargedBackupUsage", databaseEdition="Standard Two", licenseModel="License included"), 0.1, unit="GB-Mo")
    # Extended Support
    o.add("RDSPGEXTSUP10040", "Extended Support", rds_other(REGION, "PostgreSQL", "ExtendedSupport:Yr1-Yr2:PostgreSQL11"), 0.1, unit="vCPU-Hrs")
    o.add("RDSPGEXTSUP30041", "Extended Support", rds_other(REGION, "PostgreSQL", "ExtendedSupport:Yr3:PostgreSQL11"), 0.2, unit="vCPU-Hrs")
    o.add("RDSPERFINSIG0042", "Performance Insights", rds_other(REGION, "Any", "PI_LTR:FreeTier-Retention", group="Performance Insights"), 0.02, unit="vCPU-Mo")
    # Aurora
    apg = [("1yr", "No Upfront", "standard", None, 0.181), ("3yr", "All Upfront", "standard", 3405, 0.0)]
    o.add("AURPGR6GLSTD0043", "Database Instance", rds_instance(REGION, "db.r6g.large", 2, 16, "Aurora PostgreSQL", "Single-AZ", "InstanceUsage:db.r6g.large"), 0.26, reserved=apg)
    o.add("AURPGR6GLIOO0044", "Database Instance", rds_instance(REGION, "db.r6g.large", 2, 16, "Aurora PostgreSQL", "Single-AZ", "InstanceUsageIOOptimized:db.r6g.large"), 0.338,
          reserved=[("1yr", "All Upfront", "standard", 2052, 0.0)])
    o.add("AURMYR6GLSTD0045", "Database Instance", rds_instance(REGION, "db.r6g.large", 2, 16, "Aurora MySQL", "Single-AZ", "InstanceUsage:db.r6g.large"), 0.26)
    o.add("AURMYR6GLIOO0046", "Database Instance", rds_instance(REGION, "db.r6g.large", 2, 16, "Aurora MySQL", "Single-AZ", "InstanceUsageIOOptimized:db.r6g.large"), 0.338)
    o.add("AURPGSTORSTD0047", "Database Storage", rds_other(REGION, "Aurora PostgreSQL", "Aurora:StorageUsage", volume="General Purpose-Aurora"), 0.1, unit="GB-Mo")
    o.add("AURPGSTORIOO0048", "Database Storage", rds_other(REGION, "Aurora PostgreSQL", "Aurora:IO-OptimizedStorageUsage", volume="General Purpose-Aurora"), 0.225, unit="GB-Mo")
    o.add("AURMYSTORSTD0049", "Database Storage", rds_other(REGION, "Aurora MySQL", "Aurora:StorageUsage", volume="General Purpose-Aurora"), 0.1, unit="GB-Mo")
    o.add("AURMYSTORIOO0050", "Database Storage", rds_other(REGION, "Aurora MySQL", "Aurora:IO-OptimizedStorageUsage", volume="General Purpose-Aurora"), 0.225, unit="GB-Mo")
    o.add("AURANYIOUSE00051", "System Operation", rds_other(REGION, "Aurora", "Aurora:StorageIOUsage", group="Aurora I/O Operation"), 0.0000002, unit="IOs")
    o.add("AURPGSLV2STD0052", "ServerlessV2", rds_other(REGION, "Aurora PostgreSQL", "Aurora:ServerlessV2Usage"), 0.12, unit="ACU-Hr")
    o.add("AURPGSLV2IOO0053", "ServerlessV2", rds_other(REGION, "Aurora PostgreSQL", "Aurora:ServerlessV2IOOptimizedUsage"), 0.16, unit="ACU-Hr")
    o.add("AURMYSLV2STD0054", "ServerlessV2", rds_other(REGION, "Aurora MySQL", "Aurora:ServerlessV2Usage"), 0.12, unit="ACU-Hr")
    o.add("AURANYBACKUP0055", "Storage Snapshot", rds_other(REGION, "Aurora", "Aurora:BackupUsage"), 0.021, unit="GB-Mo")
    o.add("AURMYBACKTRK0056", "System Operation", rds_other(REGION, "Aurora MySQL", "Aurora:BacktrackUsage"), 0.000000012, unit="ChangeRecords")
    o.add("AURANYGLOBAL0057", "System Operation", rds_other(REGION, "Aurora", "Aurora:ReplicatedWriteIO", group="Aurora Global Database"), 0.0000002, unit="WriteIOs")
    o.add("AURPGEXTSUP10058", "Extended Support", rds_other(REGION, "Aurora PostgreSQL", "ExtendedSupport:Yr1-Yr2:AuroraPostgreSQL11"), 0.1, unit="vCPU-Hrs")
    o.add("AURPGEXTSUP30059", "Extended Support", rds_other(REGION, "Aurora PostgreSQL", "ExtendedSupport:Yr3:AuroraPostgreSQL11"), 0.2, unit="vCPU-Hrs")
    o.add("AURLIMITLESS0060", "Limitless", rds_other(REGION, "Aurora PostgreSQL", "Aurora:LimitlessUsage"), 0.2, unit="ACU-Hr")
    return o


def ddb_attrs(loc, usage, group, desc, **extra):
    return {"servicecode": "AmazonDynamoDB", **loc, "group": group, "groupDescription": desc,
            "usagetype": usage, "operation": "", "servicename": "Amazon DynamoDB", **extra}


def dynamodb():
    o = Offer("AmazonDynamoDB", "20261118101500", "2026-11-18T10:15:00Z", "2026-11-01T00:00:00Z")
    o.add("DDBWRITEREQ00001", "Amazon DynamoDB PayPerRequest Throughput", ddb_attrs(REGION, "WriteRequestUnits", "DDB-WriteUnits", "Pay per request write request units"), 0.000000625, unit="WriteRequestUnits")
    o.add("DDBREADREQ000002", "Amazon DynamoDB PayPerRequest Throughput", ddb_attrs(REGION, "ReadRequestUnits", "DDB-ReadUnits", "Pay per request read request units"), 0.000000125, unit="ReadRequestUnits")
    o.add("DDBIAWRITEREQ003", "Amazon DynamoDB PayPerRequest Throughput", ddb_attrs(REGION, "IA-WriteRequestUnits", "DDB-WriteUnitsIA", "IA write request units"), 0.00000078, unit="WriteRequestUnits")
    o.add("DDBIAREADREQ0004", "Amazon DynamoDB PayPerRequest Throughput", ddb_attrs(REGION, "IA-ReadRequestUnits", "DDB-ReadUnitsIA", "IA read request units"), 0.000000155, unit="ReadRequestUnits")
    o.add("DDBWCUHRS0000005", "Provisioned IOPS", ddb_attrs(REGION, "WriteCapacityUnit-Hrs", "DDB-WriteUnits", "Write capacity units"), unit="WriteCapacityUnit-Hrs",
          tiers=[("0", "18600", 0.0, "$0.00 per hour for 25 units of write capacity for a month (free tier)"),
                 ("18600", "Inf", 0.00065, "$0.00065 per hour for units of write capacity beyond the free tier")],
          reserved=[("1yr", "Heavy Utilization", "", 1.5, 0.000128), ("3yr", "Heavy Utilization", "", 1.8, 0.000081)])
    o.add("DDBRCUHRS0000006", "Provisioned IOPS", ddb_attrs(REGION, "ReadCapacityUnit-Hrs", "DDB-ReadUnits", "Read capacity units"), unit="ReadCapacityUnit-Hrs",
          tiers=[("0", "18600", 0.0, "$0.00 per hour for 25 units of read capacity for a month (free tier)"),
                 ("18600", "Inf", 0.00013, "$0.00013 per hour for units of read capacity beyond the free tier")],
          reserved=[("1yr", "Heavy Utilization", "", 0.3, 0.000025), ("3yr", "Heavy Utilization", "", 0.36, 0.000016)])
    o.add("DDBIAWCUHRS00007", "Provisioned IOPS", ddb_attrs(REGION, "IA-WriteCapacityUnit-Hrs", "DDB-WriteUnitsIA", "IA write capacity units"), 0.00081, unit="WriteCapacityUnit-Hrs")
    o.add("DDBIARCUHRS00008", "Provisioned IOPS", ddb_attrs(REGION, "IA-ReadCapacityUnit-Hrs", "DDB-ReadUnitsIA", "IA read capacity units"), 0.00016, unit="ReadCapacityUnit-Hrs")
    o.add("DDBSTORAGE000009", "Database Storage", ddb_attrs(REGION, "TimedStorage-ByteHrs", "", "Amazon DynamoDB Storage", storageMedia="SSD-backed"), unit="GB-Mo",
          tiers=[("0", "25", 0.0, "$0.00 per GB-Month of storage for first 25 free GB-Months"),
                 ("25", "Inf", 0.25, "$0.25 per GB-Month of storage used beyond first 25 free GB-Months")])
    o.add("DDBIASTORAGE0010", "Database Storage", ddb_attrs(REGION, "IA-TimedStorage-ByteHrs", "", "IA storage", storageMedia="SSD-backed"), 0.1, unit="GB-Mo")
    o.add("DDBREPLWRITE0011", "Amazon DynamoDB PayPerRequest Throughput", ddb_attrs(REGION, "ReplWriteRequestUnits", "DDB-ReplicatedWriteUnits", "Replicated write request units"), 0.000000625, unit="ReplicatedWriteRequestUnits")
    o.add("DDBREPLWCU000012", "DDB-Operation-ReplicatedWrite", ddb_attrs(REGION, "ReplWriteCapacityUnit-Hrs", "DDB-ReplicatedWriteUnits", "Replicated write capacity units"), 0.00065, unit="ReplicatedWriteCapacityUnit-Hrs")
    o.add("DDBPITR000000013", "Database Storage", ddb_attrs(REGION, "USE1-TimedPITRStorage-ByteHrs", "", "Point-in-time recovery"), 0.2, unit="GB-Mo")
    o.add("DDBBACKUP0000014", "Amazon DynamoDB On-Demand Backup Storage", ddb_attrs(REGION, "TimedBackupStorage-ByteHrs", "", "On-demand backup"), 0.1, unit="GB-Mo")
    o.add("DDBRESTORE000015", "Amazon DynamoDB Restore Data Size", ddb_attrs(REGION, "RestoreDataSize-Bytes", "", "Restore"), 0.15, unit="GB")
    o.add("DDBSTREAMS000016", "API Request", ddb_attrs(REGION, "Streams-Requests", "DDB-StreamsReadRequests", "DynamoDB Streams"), unit="Requests",
          tiers=[("0", "2500000", 0.0, "$0.00 per request for the first 2,500,000 streams read requests (free tier)"),
                 ("2500000", "Inf", 0.0000002, "$0.02 per 100,000 streams read requests")])
    # traps
    o.add("DDBEXPORT0000019", "Amazon DynamoDB Export Data Size", ddb_attrs(REGION, "ExportDataSize-Bytes", "", "Export to S3"), 0.1, unit="GB")
    o.add("DDBOREGONSTOR020", "Database Storage", ddb_attrs(OREGON, "USW2-TimedStorage-ByteHrs", "", "Amazon DynamoDB Storage"), 0.25, unit="GB-Mo")
    o.add("DDBLOCALZONE0021", "Amazon DynamoDB PayPerRequest Throughput", ddb_attrs(LOCAL_ZONE, "USE1-BOS1-WriteRequestUnits", "DDB-WriteUnits", "Local Zone"), 0.0000007, unit="WriteRequestUnits")
    o.add("DDBKINESISCDC022", "Amazon DynamoDB Kinesis Data Streams", ddb_attrs(REGION, "ChangeDataCaptureUnits-Kinesis", "", "Kinesis Data Streams for DynamoDB"), 0.0000001, unit="ChangeDataCaptureUnits")
    return o


def dax_attrs(loc, node, vcpu, mem):
    # AmazonDAX is its own offer (not part of AmazonDynamoDB); its instanceType has no "dax."
    # prefix, the usage type has ("EUW3-NodeUsage:dax.t3.small").
    return {"servicecode": "AmazonDAX", **loc, "instanceType": node, "currentGeneration": "Yes",
            "instanceFamily": "Memory optimized", "vcpu": str(vcpu), "memory": f"{mem} GiB",
            "networkPerformance": "Up to 10 Gigabit", "usagetype": f"NodeUsage:dax.{node}",
            "operation": "CreateCluster", "servicename": "Amazon DynamoDB Accelerator (DAX)"}


def dax():
    o = Offer("AmazonDAX", "20261119080000", "2026-11-19T08:00:00Z", "2026-11-01T00:00:00Z")
    o.add("DAXR5LARGE000001", "DAX", dax_attrs(REGION, "r5.large", 2, 16), 0.269)
    o.add("DAXT3SMALL000002", "DAX", dax_attrs(REGION, "t3.small", 2, 2), 0.04)
    return o


def ec_node(loc, node, vcpu, mem, engine, usage, **extra):
    return {"servicecode": "AmazonElastiCache", **loc, "instanceType": node, "currentGeneration": "Yes",
            "instanceFamily": "Memory optimized", "vcpu": str(vcpu), "memory": f"{mem} GiB",
            "networkPerformance": "Up to 12500 Megabit", "cacheEngine": engine, "usagetype": usage,
            "operation": "CreateCacheCluster:0002", "servicename": "Amazon ElastiCache", **extra}


def ec_other(loc, usage, engine=None, **extra):
    a = {"servicecode": "AmazonElastiCache", **loc}
    if engine:
        a["cacheEngine"] = engine
    a.update({"usagetype": usage, "operation": "", "servicename": "Amazon ElastiCache"})
    a.update(extra)
    return a


def elasticache():
    o = Offer("AmazonElastiCache", "20261119093000", "2026-11-19T09:30:00Z", "2026-11-01T00:00:00Z")
    redis_res = [("1yr", "No Upfront", "standard", None, 0.147), ("1yr", "Partial Upfront", "standard", 630, 0.072),
                 ("3yr", "All Upfront", "standard", 2877, 0.0)]
    o.add("ECR7GLVALKEY0001", "Cache Instance", ec_node(REGION, "cache.r7g.large", 2, "13.07", "Valkey", "NodeUsage:cache.r7g.large"), 0.1752,
          reserved=[("1yr", "All Upfront", "standard", 1150, 0.0)])
    o.add("ECR7GLREDIS00002", "Cache Instance", ec_node(REGION, "cache.r7g.large", 2, "13.07", "Redis", "NodeUsage:cache.r7g.large"), 0.219, reserved=redis_res)
    o.add("ECR7GLMEMCA00003", "Cache Instance", ec_node(REGION, "cache.r7g.large", 2, "13.07", "Memcached", "NodeUsage:cache.r7g.large"), 0.219)
    o.add("ECT4GMVALKEY0004", "Cache Instance", ec_node(REGION, "cache.t4g.micro", 2, "0.5", "Valkey", "NodeUsage:cache.t4g.micro"), 0.0128)
    o.add("ECT4GMREDIS00005", "Cache Instance", ec_node(REGION, "cache.t4g.micro", 2, "0.5", "Redis", "NodeUsage:cache.t4g.micro"), 0.016)
    o.add("ECT4GMMEMCA00006", "Cache Instance", ec_node(REGION, "cache.t4g.micro", 2, "0.5", "Memcached", "NodeUsage:cache.t4g.micro"), 0.016)
    o.add("ECR6GDXLREDIS007", "Cache Instance", ec_node(REGION, "cache.r6gd.xlarge", 4, "26.32", "Redis", "NodeUsage:cache.r6gd.xlarge"), 0.781)
    for eng, code, storage, ecpu in [("Valkey", "VK", 0.084, 0.0000000023), ("Redis", "RD", 0.125, 0.0000000034), ("Memcached", "MC", 0.125, 0.0000000034)]:
        # Serverless usage types name the engine and carry the USE1- prefix even in us-east-1
        # ("USE1-CachedData:Redis", operation CreateServerlessCache); the ECPU SKU is written
        # without cacheEngine so the engine is taken from the usage type.
        o.add(f"ECSLCACHED{code}008", "ElastiCache Serverless", ec_other(REGION, f"USE1-CachedData:{eng}", eng, operation="CreateServerlessCache"), storage, unit="GB-Hours")
        o.add(f"ECSLECPU{code}00009", "ElastiCache Serverless", ec_other(REGION, f"USE1-ElastiCacheProcessingUnits:{eng}", operation="CreateServerlessCache"), ecpu, unit="ECPU")
    o.add("ECBACKUP00000010", "Storage Snapshot", ec_other(REGION, "BackupUsage"), 0.085, unit="GB-Mo")
    # traps
    o.add("ECSYNCDURAB00011", "Cache Instance", ec_node(REGION, "cache.r7g.large", 2, "13.07", "Redis", "NodeUsage-SyncDurability:cache.r7g.large", operation="CreateCacheCluster:SyncDurability"), 0.05)
    o.add("ECEXTSUPPORT0012", "Cache Instance", ec_node(REGION, "cache.r7g.large", 2, "13.07", "Redis", "ExtendedSupport:Yr1-Yr2:cache.r7g.large"), 0.175)
    o.add("ECOUTPOSTS000013", "Cache Instance", ec_node(OUTPOSTS, "cache.r7g.large", 2, "13.07", "Redis", "NodeUsage:cache.r7g.large"), 0.1)
    o.add("ECLOCALZONE00014", "Cache Instance", ec_node(LOCAL_ZONE, "cache.r7g.large", 2, "13.07", "Redis", "USE1-BOS1-NodeUsage:cache.r7g.large"), 0.262)
    o.add("ECOREGON00000015", "Cache Instance", ec_node(OREGON, "cache.r7g.large", 2, "13.07", "Redis", "USW2-NodeUsage:cache.r7g.large"), 0.219)
    return o


if __name__ == "__main__":
    for name, offer in [("AmazonRDS", rds()), ("AmazonDynamoDB", dynamodb()), ("AmazonDAX", dax()), ("AmazonElastiCache", elasticache())]:
        offer.write_json(f"{name}-us-east-1.json")
        offer.write_csv(f"{name}-us-east-1.csv")
