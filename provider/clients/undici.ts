/**
 * The two parts of undici the transport builds on, loaded on their own.
 *
 * `require("undici")` loads all of undici (fetch, WebSocket, caches, mock agents: 110 modules, about
 * 80 ms of CPU), and Pulumi starts a new provider process for every `pulumi up`, so that cost is paid
 * once per run and resource type set (docs/fleet-scale.md, "Provider CPU of the update step"). The Agent and the
 * connector are 23 of those modules. undici has no `exports` map, so these paths are its own files:
 * undici.test.ts checks that they are the very values `undici` exports, so an upgrade that moves
 * them fails there, never in a user's run. Types still come from the package's declarations.
 */
import type * as Undici from "undici";

export const Agent = require("undici/lib/dispatcher/agent") as typeof Undici.Agent;
export const buildConnector = require("undici/lib/core/connect") as typeof Undici.buildConnector;
