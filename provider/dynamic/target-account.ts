/**
 * `require("pulumi-qualys/dynamic/target-account")`: the TargetAccount dynamic provider.
 * This module *is* the provider object, so Pulumi serialises it as a one-line require (DESIGN §2).
 */
import { targetAccountHandler } from "../resources/target-account/handler";
import { targetAccountSpec } from "../resources/target-account/schema";
import { dynamicProvider } from "../shared/dynamic";

export = dynamicProvider(targetAccountHandler, targetAccountSpec);
