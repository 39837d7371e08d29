// One NSX record driven entirely by config (see Pulumi.yaml). The password is read with
// config.get, not requireSecret: the provider must keep it out of every output regardless.
import * as pulumi from "@pulumi/pulumi";
import * as qualys from "pulumi-qualys";

const config = new pulumi.Config();
const loginType = (config.get("loginType") ?? "basic") as "basic" | "vault";

const record = new qualys.NsxAuthRecord("nsx", {
  title: config.get("title") ?? "NSX secret hygiene",
  ips: ["10.40.0.10"],
  username: "svc-qualys-nsx",
  password: config.get("password"),
  loginType,
  ...(loginType === "vault" ? { vaultType: "HashiCorp", vaultId: 4980801, secretKvName: "adnsx" } : {}),
});

export const id = record.id;
