/**
 * `require("pulumi-qualys/dynamic/nsx-auth-record")`: the NsxAuthRecord dynamic provider.
 * This module *is* the provider object, so Pulumi serialises it as a one-line require (DESIGN §2).
 */
import { nsxAuthRecordHandler } from "../resources/nsx-auth-record/handler";
import { nsxAuthRecordSpec } from "../resources/nsx-auth-record/schema";
import { dynamicProvider } from "../shared/dynamic";

export = dynamicProvider(nsxAuthRecordHandler, nsxAuthRecordSpec);
