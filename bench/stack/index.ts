import * as pulumi from "@pulumi/pulumi";
import * as qualys from "pulumi-qualys";

const count = new pulumi.Config().getNumber("count") ?? 10;
for (let i = 0; i < count; i++) {
  new qualys.ServiceAccount(`project-${i}`, { accountId: `bench-project-${i}`, cloudType: "GCP", regions: ["us-east1", "us-west1"] });
}
