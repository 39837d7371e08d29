import { defineResource } from "../define";
import { targetAccountHandler } from "./handler";
import { targetAccountSpec } from "./schema";

export const targetAccount = defineResource({ spec: targetAccountSpec, handler: targetAccountHandler });
