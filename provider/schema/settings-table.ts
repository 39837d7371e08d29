/**
 * The README's configuration table, written from SETTINGS (provider/config.ts) like schema.json's
 * config block, so that a setting's key, variable, secret flag and default are stated once.
 * `make schema` rewrites it between its markers (generate.ts); `--check` fails when it is stale.
 */
import { SETTINGS, type Setting } from "../config";

const BEGIN = "<!-- BEGIN GENERATED: settings -->";
const END = "<!-- END GENERATED -->";

function row(s: Setting): string {
  const dflt = s.type === "integer" ? `; default ${s.defaultText ?? s.default}` : "";
  const secret = s.type === "string" && s.secret ? " (secret)" : "";
  return `| ${s.readme.label} | \`${s.key}\`${secret} | \`${s.env}\` | ${s.readme.notes}${dflt} |`;
}

export function settingsTable(): string {
  const rows = (Object.values(SETTINGS) as Setting[]).map(row);
  return ["| setting | stack config | environment | notes |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

/** `readme` with its settings block rewritten; a README without the block is an error. */
export function withSettingsTable(readme: string): string {
  const start = readme.indexOf(BEGIN);
  const end = start < 0 ? -1 : readme.indexOf(END, start);
  if (start < 0 || end < 0) throw new Error(`README.md: missing "${BEGIN}" … "${END}" around the configuration table`);
  const note = "<!-- Written from SETTINGS (provider/config.ts) by `make schema`. Do not edit by hand. -->";
  return `${readme.slice(0, start)}${BEGIN}\n${note}\n\n${settingsTable()}\n\n${readme.slice(end)}`;
}
