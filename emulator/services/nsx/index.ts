/**
 * VMware NSX authentication records (the Policy Audit 1.11 notes, "Added Active Directory Support to VMware NSX
 * Authentication"): `GET|POST /api/3.0/fo/auth/nsx/` (also `…/index.php`) with
 * `action=create|update|list|delete`.
 *
 *  - create/update/delete answer a BATCH_RETURN with the notes' texts ("Successfully Created",
 *    "Successfully Updated", "Successfully Deleted") and the record ids in ID_SET; ids that do not
 *    exist come back as a second BATCH with CODE 1905;
 *  - list answers AUTH_NSX_LIST_OUTPUT in the DTD's element order, user text in CDATA, the password
 *    NEVER included (it is stored, as Qualys stores it, but not returned); `ids` takes lists and
 *    ranges (`1-5,8`), `id_min`/`id_max` bound it, and more records than the page size come back
 *    with the WARNING CODE 1980 + URL (`id_min=` of the next page);
 *  - the validations: required parameters per action and login type, basic vs vault, the HashiCorp
 *    vault group with use_ad_hashicorp, port range, IPv4 format, unique titles, write actions by POST
 *    only — SIMPLE_RETURN errors 1901/1903/1904/1905/1907/1908/1922;
 *  - the rate/concurrency-limit headers on every answer, and (when a test sets them) the limits
 *    themselves (409 + 1965 / 1960);
 *  - control routes (`/__emulator/tenants/{tenant}/nsx…`) for out-of-band changes, seeded vaults and
 *    settings.
 *
 * What is and is not imitated: emulator/README.md.
 *
 * The service in four parts, as scan-jobs/: `model.ts` (tenant state, vaults, the IP and id list
 * formats), `validation.ts` (reading and checking the form parameters into a record, as Qualys does),
 * `render.ts` (the XML documents and the control view) and `routes.ts` (the API and control routes).
 */
export * from "./model";
export { applyParams } from "./validation";
export { controlView } from "./render";
export { nsxService } from "./routes";
