import { describe, expect, it } from "vitest";
import { decodeEntities } from "./html-entities.js";

describe("decodeEntities", () => {
  it("decodes named, decimal and hex references", () => {
    expect(decodeEntities("&amp; &eacute; &Eacute; &uuml; &ccedil; &#8217; &#x2014; &#X41; &hellip;")).toBe("& é É ü ç ’ — A …");
  });

  it("maps 128-159 through Windows-1252 and refuses invalid code points", () => {
    expect(decodeEntities("&#146; &#150; &#0; &#xD800; &#x110000;")).toBe("’ – \ufffd \ufffd \ufffd");
  });

  it("leaves unknown names and missing semicolons (except legacy names) as written", () => {
    expect(decodeEntities("&nosuch; &eacute &amp AT&T")).toBe("&nosuch; &eacute & AT&T");
  });
});
