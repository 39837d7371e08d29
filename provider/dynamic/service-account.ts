/**
 * `require("pulumi-qualys/dynamic/service-account")`: the ServiceAccount dynamic provider.
 * This module *is* the provider object, so Pulumi serialises it as a one-line require: state written
 * by every version holds this path, so it must not move.
 */
import { serviceAccount } from "../resources/service-account";
import { dynamicProvider } from "../shared/dynamic";

export = dynamicProvider(serviceAccount);
