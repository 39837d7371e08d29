// One read-only function call, in the form the `form` config names; the test makes it fail.
import * as pulumi from "@pulumi/pulumi";
import * as qualys from "pulumi-qualys";

export = async () => {
  const form = new pulumi.Config().require("form");
  if (form === "promise") {
    const accounts = await qualys.getServiceAccounts({});
    return { total: accounts.total };
  }
  return { total: qualys.getServiceAccountsOutput({}).total };
};
