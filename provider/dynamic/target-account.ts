/**
 * `require("pulumi-qualys/dynamic/target-account")`: the TargetAccount dynamic provider.
 * This module *is* the provider object, so Pulumi serialises it as a one-line require: state written
 * by every version holds this path, so it must not move.
 */
import { targetAccount } from "../resources/target-account";
import { dynamicProvider } from "../shared/dynamic";

export = dynamicProvider(targetAccount);
