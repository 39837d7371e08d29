import { defineResource } from "../define";
import { serviceAccountHandler } from "./handler";
import { serviceAccountSpec } from "./schema";

export const serviceAccount = defineResource({ spec: serviceAccountSpec, handler: serviceAccountHandler });
