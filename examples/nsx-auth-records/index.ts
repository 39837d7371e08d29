// Two VMware NSX authentication records: basic login, and HashiCorp vault with Active Directory.
//
// The password is a secret config value (`pulumi config set --secret nsxPassword …`): it is sent to
// Qualys when it changes, stored encrypted in state, and never read back (Qualys does not return it).
// Against the bundled emulator (no Qualys account needed) point qualys:apiUrl at it; against a real
// tenant set `qualys:platform` and `--secret qualys:token` (or username/password).
import * as pulumi from "@pulumi/pulumi";
import * as qualys from "pulumi-qualys";

const config = new pulumi.Config();

const basic = new qualys.NsxAuthRecord("nsx-basic", {
  title: config.get("basicTitle") ?? "NSX Manager (basic login)",
  ips: config.getObject<string[]>("ips") ?? ["10.20.0.10", "10.20.0.11-10.20.0.12"],
  username: "svc-qualys-nsx",
  password: config.requireSecret("nsxPassword"),
  port: config.getNumber("port") ?? 443,
  sslVerifyWithHost: true,
  hosts: ["nsx-mgr.example.internal"],
  comments: "Managed by Pulumi",
});

const vault = new qualys.NsxAuthRecord("nsx-vault-ad", {
  title: "NSX Manager (HashiCorp AD)",
  ips: ["10.30.0.0/30"],
  username: "nsxuser",
  loginType: "vault",
  vaultType: "HashiCorp",
  vaultId: config.getNumber("vaultId") ?? 4980801,
  secretKvPath: "/tmp",
  secretKvName: "adnsx",
  useAdHashicorp: true,
});

export const basicId = basic.id;
export const basicTitle = basic.title;
export const basicPort = basic.port;
export const basicIps = basic.ips;
export const vaultId = vault.id;
export const vaultTitle = vault.vaultTitle;
export const vaultIps = vault.ips;
