/**
 * Turning the zod input shapes into Pulumi Args types, so the SDK's types are inferred from the
 * same schemas `check` enforces rather than written a second time.
 */
import type * as pulumi from "@pulumi/pulumi";

export type Inputify<T> =
  T extends ReadonlyArray<infer U>
    ? pulumi.Input<Array<Inputify<U>>>
    : T extends string | number | boolean | null | undefined
      ? pulumi.Input<T>
      : T extends object
        ? pulumi.Input<{ [K in keyof T]: Inputify<T[K]> }>
        : pulumi.Input<T>;

/** Args of a resource: every property an Input, optionality as in the schema. */
export type ArgsOf<T extends object> = { [K in keyof T]: Inputify<T[K]> };

/** Outputs of a resource class: every property an Output. */
export type OutputsOf<T extends object> = { readonly [K in keyof T]-?: pulumi.Output<T[K]> };
