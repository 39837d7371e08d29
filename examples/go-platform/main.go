// A Go program using all four Qualys resources and a read-only function through the generated Go SDK (sdk/go): an AWS
// organisation (service account + one target account), an NSX authentication record whose
// password is a secret config value, and a weekly GCP internal scan.
//
// Vetted in CI (tests/sdks) and run end to end (tests/e2e/go-sdk.e2e.test.ts) with the native plugin
// `pulumi-resource-qualys` and a Go language host (the real one, or sdkgen/gohost: docs/sdks.md).
package main

import (
	"github.com/pulumi-qualys/pulumi-qualys/sdk/go/qualys"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")

		org, err := qualys.NewServiceAccount(ctx, "aws-org", &qualys.ServiceAccountArgs{
			AccountId:    pulumi.String("123456789012"),
			CloudType:    pulumi.String("AWS"),
			Regions:      pulumi.StringArray{pulumi.String("us-east-1"), pulumi.String("eu-west-1")},
			VmScanTypes:  pulumi.ToStringArray([]string{"os", "sca"}),
			MustHaveTags: pulumi.ToStringArray([]string{"env=production"}),
			NoneOfTheTag: pulumi.ToStringArray([]string{"qualys-scan:skip"}),
		})
		if err != nil {
			return err
		}

		payments, err := qualys.NewTargetAccount(ctx, "payments", &qualys.TargetAccountArgs{
			AccountId:        pulumi.String("210987654321"),
			ServiceAccountId: org.AccountId,
			Regions:          pulumi.ToStringArray([]string{"us-east-1"}),
			ScanInterval:     pulumi.Int(24),
			OnDelete:         pulumi.String("stop-scanning"),
		})
		if err != nil {
			return err
		}

		nsx, err := qualys.NewNsxAuthRecord(ctx, "nsx-basic", &qualys.NsxAuthRecordArgs{
			Title:             pulumi.String("NSX Manager (basic login)"),
			Ips:               pulumi.ToStringArray([]string{"10.20.0.10", "10.20.0.11-10.20.0.12"}),
			Username:          pulumi.String("svc-qualys-nsx"),
			Password:          cfg.RequireSecret("nsxPassword"),
			Port:              pulumi.Int(443),
			SslVerifyWithHost: pulumi.Bool(true),
			Hosts:             pulumi.ToStringArray([]string{"nsx-mgr.example.internal"}),
		})
		if err != nil {
			return err
		}

		// schedule is a union (now / daily / weekly / monthly): Go has no union types, so the
		// field is a pulumi.Input and takes any of the four generated Args structs.
		weekly, err := qualys.NewGcpInternalScanJob(ctx, "weekly-internal-scan", &qualys.GcpInternalScanJobArgs{
			Title:              pulumi.String("GCP weekly internal scan (production)"),
			ConnectorName:      pulumi.String("gcp-prod-connector"),
			OptionProfileTitle: pulumi.String("Qualys Recommended Option Profile"),
			ScannerNames:       pulumi.ToStringArray([]string{"RM_GCP_SCANNER"}),
			Tags: &qualys.GcpInternalScanJobTagsArgs{
				SetBy:           pulumi.String("name"),
				Include:         pulumi.ToArray([]interface{}{"GCP_Targets", "env-prod"}),
				IncludeSelector: pulumi.String("all"),
			},
			Schedule: qualys.GcpInternalScanJobScheduleWeeklyArgs{
				Type:           pulumi.String("weekly"),
				FrequencyWeeks: pulumi.Int(1),
				Weekdays:       pulumi.ToStringArray([]string{"Monday", "Thursday"}),
				StartHour:      pulumi.Int(22),
				StartMinute:    pulumi.Int(30),
				TimeZoneCode:   pulumi.String("US-CA"),
				EndAfterHours:  pulumi.Int(6),
			},
			Notifications: &qualys.GcpInternalScanJobNotificationsArgs{
				After: &qualys.GcpInternalScanJobNotificationsAfterArgs{
					Message: pulumi.String("The weekly GCP internal scan of production has finished."),
				},
				RecipientGroupIds: pulumi.ToArray([]interface{}{401}),
			},
		})
		if err != nil {
			return err
		}

		// A read-only function: a typed result, with the fields the TypeScript function returns.
		policy := qualys.GetPolicyOutput(ctx, qualys.GetPolicyOutputArgs{Title: pulumi.String("AssetTagPolicy-1")})

		ctx.Export("organisation", org.AccountId)
		ctx.Export("policyId", policy.Id())
		ctx.Export("connectorUuid", org.ConnectorUuid)
		ctx.Export("paymentsState", payments.State)
		ctx.Export("nsxId", nsx.ID())
		ctx.Export("weeklyScheduleId", weekly.ScheduleId)
		return nil
	})
}
