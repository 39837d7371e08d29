import { defineResource } from "../define";
import { nsxAuthRecordHandler } from "./handler";
import { nsxAuthRecordSpec } from "./schema";

export const nsxAuthRecord = defineResource({ spec: nsxAuthRecordSpec, handler: nsxAuthRecordHandler });
