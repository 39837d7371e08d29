/** NSX authentication records: the XML documents (BATCH_RETURN, AUTH_NSX_LIST_OUTPUT) and the control view. */
import { cdata, escapeXml, utcTimestamp } from "../../http";
import { dotted, type EmuNsxRecord, type EmuVault } from "./model";

// ---------------------------------------------------------------------------------------------
// XML

export function batchReturn(batches: Array<{ code?: string; text: string; ids: number[] }>): string {
  const body = batches
    .map((b) => {
      const code = b.code ? `\n<CODE>${b.code}</CODE>` : "";
      const ids = b.ids.length > 0 ? `\n<ID_SET>\n${b.ids.map((id) => `<ID>${id}</ID>`).join("\n")}\n</ID_SET>` : "";
      return `<BATCH>${code}\n<TEXT>${escapeXml(b.text)}</TEXT>${ids}\n</BATCH>`;
    })
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE BATCH_RETURN SYSTEM "https://qualysapi.qualys.com/api/3.0/batch_return.dtd">
<BATCH_RETURN>
<RESPONSE>
<DATETIME>${utcTimestamp()}</DATETIME>
<BATCH_LIST>
${body}
</BATCH_LIST>
</RESPONSE>
</BATCH_RETURN>
`;
}

function leaf(name: string, value: string | undefined): string {
  return value === undefined ? "" : `<${name}>\n${cdata(value)}\n</${name}>\n`;
}

/** One AUTH_NSX, in the DTD's element order. No password: Qualys never returns it. */
function recordXml(r: EmuNsxRecord, vaults: Map<string, EmuVault>): string {
  const ipSet = r.ips.map(([a, b]) => (a === b ? `<IP>${dotted(a)}</IP>` : `<IP_RANGE>${dotted(a)}-${dotted(b)}</IP_RANGE>`)).join("\n");
  let vault = "";
  if (r.vault) {
    const v = vaults.get(r.vault.id);
    vault =
      `<DIGITAL_VAULT>\n` +
      leaf("DIGITAL_VAULT_ID", r.vault.id) +
      leaf("DIGITAL_VAULT_TYPE", v?.type ?? "HashiCorp") +
      leaf("DIGITAL_VAULT_TITLE", v?.title ?? "") +
      leaf("VAULT_SECRET_KV_PATH", r.vault.kvPath) +
      leaf("VAULT_SECRET_KV_NAME", r.vault.kvName) +
      leaf("VAULT_SECRET_KV_KEY", r.vault.kvKey) +
      leaf("VAULT_USE_AD_HASHICORP", r.vault.useAd ? "1" : "0") +
      `</DIGITAL_VAULT>\n`;
  }
  return (
    `<AUTH_NSX>\n<ID>${r.id}</ID>\n` +
    leaf("TITLE", r.title) +
    leaf("USERNAME", r.username) +
    (ipSet ? `<IP_SET>\n${ipSet}\n</IP_SET>\n` : "") +
    leaf("PORT", String(r.port)) +
    leaf("SSL_VERIFY_WITH_HOST", r.sslVerifyWithHost ? "1" : "0") +
    leaf("HOSTS", r.hosts) +
    leaf("LOGIN_TYPE", r.loginType) +
    vault +
    (r.networkId !== undefined ? `<NETWORK_ID>${r.networkId}</NETWORK_ID>\n` : "") +
    `<CREATED>\n<DATETIME>${r.created}</DATETIME>\n<BY>${escapeXml(r.createdBy)}</BY>\n</CREATED>\n` +
    `<LAST_MODIFIED>\n<DATETIME>${r.lastModified}</DATETIME>\n</LAST_MODIFIED>\n` +
    leaf("COMMENTS", r.comments) +
    `</AUTH_NSX>`
  );
}

export function listOutput(records: EmuNsxRecord[], vaults: Map<string, EmuVault>, warning?: { text: string; url: string }): string {
  const list = records.length > 0 ? `<AUTH_NSX_LIST>\n${records.map((r) => recordXml(r, vaults)).join("\n")}\n</AUTH_NSX_LIST>\n` : "";
  const warn = warning
    ? `<WARNING_LIST>\n<WARNING>\n<CODE>1980</CODE>\n<TEXT>${escapeXml(warning.text)}</TEXT>\n<URL>${cdata(warning.url)}</URL>\n</WARNING>\n</WARNING_LIST>\n`
    : "";
  return `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE AUTH_NSX_LIST_OUTPUT SYSTEM "https://qualysapi.qualys.com/api/3.0/fo/auth/nsx/auth_nsx_list_output.dtd">
<AUTH_NSX_LIST_OUTPUT>
<RESPONSE>
<DATETIME>${utcTimestamp()}</DATETIME>
${list}${warn}</RESPONSE>
</AUTH_NSX_LIST_OUTPUT>
`;
}

/** What the control API shows: the record as stored, password included (tests check it arrived). */
export function controlView(r: EmuNsxRecord, vaults: Map<string, EmuVault>) {
  return {
    id: String(r.id),
    title: r.title,
    username: r.username,
    password: r.password,
    ips: r.ips.map(([a, b]) => (a === b ? dotted(a) : `${dotted(a)}-${dotted(b)}`)),
    port: r.port,
    sslVerifyWithHost: r.sslVerifyWithHost,
    hosts: r.hosts,
    loginType: r.loginType,
    vault: r.vault && { ...r.vault, type: vaults.get(r.vault.id)?.type, title: vaults.get(r.vault.id)?.title },
    networkId: r.networkId,
    comments: r.comments,
    created: r.created,
    createdBy: r.createdBy,
    lastModified: r.lastModified,
  };
}
