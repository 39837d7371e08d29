/**
 * Every resource of RESOURCES end to end, with nothing written for it here: one Pulumi YAML program
 * is generated from each resource's test kit (its sample inputs, secret inputs wrapped in
 * `fn::secret`), and the real CLI runs it through the native plugin against the emulator:
 * `up` makes exactly one object of each resource, `preview --expect-no-changes` and
 * `refresh` + `preview --expect-no-changes` are clean, and `destroy` leaves nothing live in Qualys.
 * A new resource is exercised here as soon as RESOURCES lists it.
 */
import { RESOURCES } from "../../provider/resources";
import { everyResourceProgram, sampleSecrets } from "../helpers/every-resource";
import { nativeProject, type NativeProject } from "../helpers/native";
import { useHarness } from "../helpers/provider-harness";
import { testQualys } from "../helpers/test-kit";

jest.setTimeout(240_000);
const H = useHarness();
let project: NativeProject | undefined;
afterEach(() => project?.cleanup());

test("YAML program derived from every resource's sample inputs: up makes one object each, previews clean, destroy leaves nothing live", async () => {
  const q = testQualys(H);
  for (const r of RESOURCES) await r.testKit.arrange(q);
  const objects = () => Object.fromEntries(RESOURCES.map((r) => [r.name, r.testKit.objects(H.emu.tenant())]));
  const before = objects();
  const p = (project = await nativeProject(H.emu.url, { yaml: everyResourceProgram() }));

  const up = await p.pulumi(["up", "--yes"]);
  expect(up.out).toMatch(new RegExp(`\\+ ${RESOURCES.length + 1} created`)); // and the stack itself
  const made = objects();
  for (const r of RESOURCES)
    expect({ resource: r.name, made: made[r.name].made.length - before[r.name].made.length }).toEqual({ resource: r.name, made: 1 });

  await p.pulumi(["preview", "--expect-no-changes"]);
  await p.pulumi(["refresh", "--yes"]);
  await p.pulumi(["preview", "--expect-no-changes"]);

  await p.pulumi(["destroy", "--yes"]);
  const after = objects();
  for (const r of RESOURCES)
    expect({ resource: r.name, live: after[r.name].live }).toEqual({ resource: r.name, live: before[r.name].live });
  // Secret inputs never reach the state or the CLI's output in clear.
  for (const secret of sampleSecrets()) {
    expect(p.stateFileText()).not.toContain(secret);
    expect(p.transcript.join("\n")).not.toContain(secret);
  }
});
