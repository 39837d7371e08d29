"""All four Qualys resources and two read-only functions from Python, through the generated SDK
(sdk/python, package `pulumi_qualys`) and the native plugin `pulumi-resource-qualys`.

Setup (docs/sdks.md): `make python-toolchain` prints a virtualenv with pulumi and pulumi_qualys;
activate it (the v3.68 Python host uses the `python` on PATH), install the plugin (docs/native-provider.md),
then against the bundled emulator:
    pulumi config set qualys:apiUrl http://127.0.0.1:<port>     (also gatewayUrl, portalUrl)
    pulumi config set --secret qualys:token emulator-token-acme
    pulumi config set qualys:username acme_user                 (CloudView and policy lookups)
    pulumi config set --secret qualys:password acme-password
    pulumi config set --secret nsxPassword 'a-long-nsx-password'
    pulumi up
"""

import pulumi
import pulumi_qualys as qualys

config = pulumi.Config()

# An AWS organisation: the management account, and one member account Qualys discovered.
org = qualys.ServiceAccount(
    "aws-org",
    account_id="123456789012",
    cloud_type="AWS",
    regions=["us-east-1", "us-west-2"],
    vm_scan_types=["os", "sca"],
    must_have_tags=["env=production"],
    none_of_the_tag=["qualys-scan:skip"],
)

payments = qualys.TargetAccount(
    "payments",
    account_id="210987654321",
    service_account_id=org.account_id,
    regions=["us-east-1"],
    scan_interval=config.get_int("paymentsScanInterval") or 24,
    on_delete="stop-scanning",
)

# The password is a secret config value: sent when it changes, encrypted in state, never read back.
nsx = qualys.NsxAuthRecord(
    "nsx-basic",
    title="NSX Manager (Python)",
    ips=["10.20.0.10", "10.20.0.11-10.20.0.12"],
    username="svc-qualys-nsx",
    password=config.require_secret("nsxPassword"),
    port=443,
    ssl_verify_with_host=True,
    hosts=["nsx-mgr.example.internal"],
)

# schedule is one of now / daily / weekly / monthly: pass the matching Args class (or a dict).
weekly = qualys.GcpInternalScanJob(
    "weekly-internal-scan",
    title="GCP weekly internal scan (Python)",
    connector_name="gcp-prod-connector",
    option_profile_title="Qualys Recommended Option Profile",
    scanner_names=["RM_GCP_SCANNER"],
    region_code="us-east1",
    tags=qualys.GcpInternalScanJobTagsArgs(set_by="name", include=["GCP_Targets"]),
    schedule=qualys.GcpInternalScanJobScheduleWeeklyArgs(
        type="weekly",
        frequency_weeks=1,
        weekdays=["Monday", "Thursday"],
        start_hour=22,
        start_minute=30,
        time_zone_code="US-CA",
        end_after_hours=6,
    ),
    notifications=qualys.GcpInternalScanJobNotificationsArgs(
        after=qualys.GcpInternalScanJobNotificationsAfterArgs(message="The weekly scan has finished."),
        recipient_group_ids=[401],
    ),
)

# Read-only functions return typed objects, with the fields the TypeScript functions return.
policy = qualys.get_policy_output(title=config.get("policyTitle") or "AssetTagPolicy-1")
accounts = qualys.get_service_accounts_output()

pulumi.export("orgState", org.state)
pulumi.export("paymentsRegions", payments.regions)
pulumi.export("paymentsScanInterval", payments.scan_interval)
pulumi.export("nsxId", nsx.id)
pulumi.export("nsxTitle", nsx.title)
pulumi.export("weeklyScheduleId", weekly.schedule_id)
pulumi.export("cleanupReminders", org.cleanup_reminders)
pulumi.export("policyId", policy.id)
pulumi.export("serviceAccountCount", accounts.items.apply(len))
