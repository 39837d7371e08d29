// A fleet of NSX Managers, one authentication record each, sharing one password.
//
// The password comes from the environment when NSX_FLEET_PASSWORD is set (a GitOps job handing a
// secret from its vault as a plain string), otherwise from the secret config value `nsxPassword`.
// Either way it is encrypted in state: the NsxAuthRecord class marks it secret itself.
import * as pulumi from "@pulumi/pulumi";
import * as qualys from "pulumi-qualys";

const config = new pulumi.Config();
const count = config.getNumber("count") ?? 20;
const password: pulumi.Input<string> = process.env.NSX_FLEET_PASSWORD ?? config.requireSecret("nsxPassword");

export const ids: pulumi.Output<string>[] = [];
for (let i = 0; i < count; i++) {
  const record = new qualys.NsxAuthRecord(`nsx-${i}`, {
    title: `NSX Manager ${String(i).padStart(3, "0")}`,
    ips: [`10.60.${Math.floor(i / 250)}.${(i % 250) + 1}`],
    username: "svc-qualys-nsx",
    password,
  });
  ids.push(record.id);
}
