import { describe, expect, it } from "vitest";
import { definedFields } from "./objects.js";

describe("definedFields", () => {
  it("drops undefined values only, so defaults under a spread survive", () => {
    const defaults = { budget: 1000, patience: 1, fill: true, title: "t" };
    const given: { budget?: number; patience?: number; fill?: boolean; title?: string } = { budget: undefined, patience: 0, fill: false };
    expect({ ...defaults, ...definedFields(given) }).toEqual({ budget: 1000, patience: 0, fill: false, title: "t" });
    expect(Object.keys(definedFields({ a: undefined, b: null, c: "" }))).toEqual(["b", "c"]);
  });
});
