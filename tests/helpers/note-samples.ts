/**
 * Request samples of the API notes (in /work/shared/seeds/), parameter for parameter, for tests that
 * replay them against the emulator. Response samples are fixture files beside the clients instead
 * (provider/clients/__fixtures__, provider/clients/xml/__fixtures__).
 */

/**
 * The Policy Audit 1.11 notes' "create a GCP internal scan job" curl: a one-off (`schedule=now`) job. The note sends
 * the parameters in the query string of a POST; they work as a form body too.
 */
export const GCP_INTERNAL_SCAN_CREATE_SAMPLE: Record<string, string> = {
  action: "create",
  scan_title: "GCP_Test_API3",
  connector_name: "Rohanpod4qwebxrm3",
  active: "1",
  option_title: "Qualys Recommended Option Profile",
  module: "cm",
  schedule: "now",
  cloud_provider: "gcp",
  iscanner_name: "RM_GCP_SCANNER",
  cloud_service: "compute_engine",
  virtual_network_id: "projects/qlys-devqa-qweb/virtualNetworks/vpc-qlys-devqa-qweb",
};
