/**
 * `require("pulumi-qualys/dynamic/service-account")`: the ServiceAccount dynamic provider.
 * This module *is* the provider object, so Pulumi serialises it as a one-line require (DESIGN §2).
 */
import { serviceAccountHandler } from "../resources/service-account/handler";
import { serviceAccountSpec } from "../resources/service-account/schema";
import { dynamicProvider } from "../shared/dynamic";

export = dynamicProvider(serviceAccountHandler, serviceAccountSpec);
