// One NSX authentication record that takes over (adopts) a record made outside Pulumi.
import * as pulumi from "@pulumi/pulumi";
import * as qualys from "pulumi-qualys";

const config = new pulumi.Config();

const adopted = new qualys.NsxAuthRecord("nsx-adopted", {
  title: "NSX adopted by the e2e",
  ips: ["10.99.0.1"],
  username: "svc-qualys-nsx",
  password: config.requireSecret("nsxPassword"),
  adopt: true,
});

export const adoptedId = adopted.id;
