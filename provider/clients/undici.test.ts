import * as undici from "undici";
import { Agent, buildConnector } from "./undici";

test("the separately loaded Agent and connector are the ones the undici package exports", () => {
  // An undici upgrade that moves these files, or exports something else under the names, fails here.
  expect(Agent).toBe(undici.Agent);
  expect(buildConnector).toBe(undici.buildConnector);
});
