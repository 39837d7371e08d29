/**
 * Field schemas shared by the API response schemas: Qualys leaves optional fields out or sends
 * `null`, and both must parse.
 */
import { z } from "zod";

export const optString = z.string().nullable().optional();
export const optNumber = z.number().nullable().optional();
export const optBool = z.boolean().nullable().optional();
