/**
 * `require("pulumi-qualys/dynamic/nsx-auth-record")`: the NsxAuthRecord dynamic provider.
 * This module *is* the provider object, so Pulumi serialises it as a one-line require: state written
 * by every version holds this path, so it must not move.
 */
import { nsxAuthRecord } from "../resources/nsx-auth-record";
import { dynamicProvider } from "../shared/dynamic";

export = dynamicProvider(nsxAuthRecord);
